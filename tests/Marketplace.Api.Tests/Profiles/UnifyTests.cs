using Marketplace.Api.Profiles;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Profiles;

public sealed class UnifyTestsOnSqlite(MarketplaceApiFactory api) : UnifyTests<MarketplaceApiFactory>(api);

public sealed class UnifyTestsOnPostgres(PostgresMarketplaceApiFactory api) : UnifyTests<PostgresMarketplaceApiFactory>(api);

public abstract class UnifyTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : MarketplaceApiFactory
{
    [SkippableFact]
    public async Task A_visitor_on_two_devices_who_signs_in_on_both_ends_with_one_profile()
    {
        var products = await api.ProductIdsAsync("Men's", 5);
        var token = api.BuyerToken("two-devices-buyer");
        using var phone = api.Visitor("phone-visitor-01");
        using var laptop = api.Visitor("laptop-visitor-01");
        await phone.TrackAsync([.. products.Take(2).Select(id => ProfilesKit.Event("PRODUCT_VIEW", id))]);
        await laptop.TrackAsync([.. products.Skip(2).Select(id => ProfilesKit.Event("PRODUCT_VIEW", id))]);

        using var phoneSignedIn = api.Visitor("phone-visitor-01", token);
        await phoneSignedIn.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        using var laptopSignedIn = api.Visitor("laptop-visitor-01", token);
        var identified = (await laptopSignedIn.PostGraphQLAsync("mutation { identify { profile { id eventCount } userErrors { code } } }")).DataOrFail()["identify"]!;

        Assert.Equal(6, identified["profile"]!["eventCount"]!.GetValue<int>());
        var profiles = await api.QueryDbAsync(db => db.ProfileIdentities.Where(i =>
            i.Value == "phone-visitor-01" || i.Value == "laptop-visitor-01" || i.Value == "two-devices-buyer").Select(i => i.ProfileId).Distinct().ToListAsync());
        var profileId = Assert.Single(profiles);
        Assert.Equal(6, await api.QueryDbAsync(db => db.TrackedEvents.CountAsync(e => e.ProfileId == profileId)));

        var again = (await laptopSignedIn.PostGraphQLAsync("mutation { identify { profile { id eventCount } } }")).DataOrFail()["identify"]!["profile"]!;
        Assert.Equal(identified["profile"]!["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal(6, again["eventCount"]!.GetValue<int>());

        // Signed out again, the phone's events still land on the one profile.
        await phone.TrackAsync(ProfilesKit.Event("PRODUCT_VIEW", products[0]));
        var mine = await api.CreateClient(token).MyProfileAsync();
        Assert.Equal(7, mine!["eventCount"]!.GetValue<int>());
        Assert.Equal("two-devices-buyer", mine["customerId"]!.GetValue<string>());
        Assert.Equal(1, await api.QueryDbAsync(db => db.Profiles.CountAsync(p => p.Id == profileId || p.CustomerId == "two-devices-buyer")));
    }

    [SkippableFact]
    public async Task Traits_are_validated_and_set()
    {
        using var buyer = api.Visitor("traits-visitor-01", api.BuyerToken("traits-buyer"));
        const string Update = "mutation($input: ProfileTraitsInput!) { updateProfileTraits(input: $input) { profile { traits { country age ageBand gender customerType } } userErrors { code field } } }";

        var bad = (await buyer.PostGraphQLAsync(Update, new { input = new { country = "Germany", age = 7 } })).DataOrFail()["updateProfileTraits"]!;
        Assert.Equal(["INVALID_COUNTRY", "INVALID_TRAIT"], bad["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.Null(bad["profile"]);

        var good = (await buyer.PostGraphQLAsync(Update, new { input = new { country = "de", age = 47, gender = "Male", customerType = "B2B" } })).DataOrFail()["updateProfileTraits"]!;
        var traits = good["profile"]!["traits"]!;
        Assert.Equal(("DE", 47, "45-54", "male", "B2B"), (traits["country"]!.GetValue<string>(), traits["age"]!.GetValue<int>(),
            traits["ageBand"]!.GetValue<string>(), traits["gender"]!.GetValue<string>(), traits["customerType"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task Withdrawn_consent_stores_no_events_until_it_is_granted_again()
    {
        using var visitor = api.Visitor("consent-visitor-01");
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));

        var withdrawn = (await visitor.PostGraphQLAsync("mutation { setTrackingConsent(granted: false) { profile { trackingConsent } } }")).DataOrFail();
        Assert.False(withdrawn["setTrackingConsent"]!["profile"]!["trackingConsent"]!.GetValue<bool>());
        var refused = await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        Assert.Equal("CONSENT_WITHDRAWN", Assert.Single(refused.RejectionCodes()));

        await visitor.PostGraphQLAsync("mutation { setTrackingConsent(granted: true) { profile { trackingConsent } } }");
        Assert.Equal(1, (await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW")))["accepted"]!.GetValue<int>());
        Assert.Equal(2, await api.QueryDbAsync(db => db.TrackedEvents.CountAsync(e => e.VisitorId == "consent-visitor-01")));
    }

    [SkippableFact]
    public async Task Forget_me_erases_the_profile_its_events_and_identities()
    {
        using var visitor = api.Visitor("forget-visitor-01");
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW"), ProfilesKit.Event("PAGE_VIEW"));
        var profileId = await api.QueryDbAsync(db => db.ProfileIdentities.Where(i => i.Value == "forget-visitor-01").Select(i => i.ProfileId).SingleAsync());

        var forgot = (await visitor.PostGraphQLAsync("mutation { forgetMe }")).DataOrFail()["forgetMe"]!.GetValue<bool>();

        Assert.True(forgot);
        Assert.Null(await visitor.MyProfileAsync());
        Assert.Equal((0, 0, 0), await api.QueryDbAsync(async db => (
            await db.Profiles.CountAsync(p => p.Id == profileId),
            await db.TrackedEvents.CountAsync(e => e.ProfileId == profileId || e.VisitorId == "forget-visitor-01"),
            await db.ProfileIdentities.CountAsync(i => i.ProfileId == profileId))));
    }

    [SkippableFact]
    public async Task Only_admins_read_or_delete_another_persons_profile()
    {
        using var visitor = api.Visitor("private-visitor-01");
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        var id = (await visitor.MyProfileAsync())!["id"]!.GetValue<string>();
        const string Read = "query($id: ID!) { profile(id: $id) { id eventCount } }";

        Assert.Equal("FORBIDDEN", (await api.CreateClient(api.BuyerToken("nosy-buyer")).PostGraphQLAsync(Read, new { id })).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await api.Visitor("other-visitor-01").PostGraphQLAsync(Read, new { id })).FirstErrorCode);
        Assert.Null(await api.Visitor("other-visitor-02").MyProfileAsync());

        using var admin = api.CreateClient(api.AdminToken());
        Assert.Equal(1, (await admin.PostGraphQLAsync(Read, new { id })).DataOrFail()["profile"]!["eventCount"]!.GetValue<int>());
        var deleted = (await admin.PostGraphQLAsync("mutation($id: ID!) { deleteProfile(id: $id) { deletedProfileId userErrors { code } } }", new { id })).DataOrFail()["deleteProfile"]!;
        Assert.Equal(id, deleted["deletedProfileId"]!.GetValue<string>());
        Assert.Null((await admin.PostGraphQLAsync(Read, new { id })).DataOrFail()["profile"]);
        var missing = (await admin.PostGraphQLAsync("mutation($id: ID!) { deleteProfile(id: $id) { userErrors { code } } }", new { id })).DataOrFail()["deleteProfile"]!;
        Assert.Equal("PROFILE_NOT_FOUND", missing["userErrors"]![0]!["code"]!.GetValue<string>());
    }
}
