using System.Text.Json.Nodes;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Ordering;
using Marketplace.Api.Tests.Webhooks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Profiles;

/// <summary>A clock the test moves forward, so time-driven changes (a cart left alone) happen without waiting.</summary>
public sealed class MovableClock : TimeProvider
{
    private TimeSpan offset;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;

    public void Advance(TimeSpan by) => offset += by;
}

public class SegmentsApi : MarketplaceApiFactory
{
    public SegmentsApi() : this(TestDatabaseKind.Sqlite) { }

    protected SegmentsApi(TestDatabaseKind kind) : base(kind) { }

    public MovableClock Clock { get; } = new();

    protected override IDictionary<string, string?> Settings => WebhookTesting.Settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed class PostgresSegmentsApi() : SegmentsApi(TestDatabaseKind.Postgres);

public sealed class SegmentTestsOnSqlite(SegmentsApi api) : SegmentTests<SegmentsApi>(api);

public sealed class SegmentTestsOnPostgres(PostgresSegmentsApi api) : SegmentTests<PostgresSegmentsApi>(api);

public abstract class SegmentTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : SegmentsApi
{
    private const string Create = "mutation($input: SegmentInput!) { createSegment(input: $input) { segment { id name } userErrors { code message field } } }";

    private Task<string> CreateSegmentAsync(string name, string rule) => CreateSegmentAsync(api, name, rule);

    internal static async Task<string> CreateSegmentAsync(MarketplaceApiFactory api, string name, string rule)
    {
        using var admin = api.CreateClient(api.AdminToken());
        var payload = (await admin.PostGraphQLAsync(Create, new { input = new { name, rule } })).DataOrFail()["createSegment"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        return payload["segment"]!["id"]!.GetValue<string>();
    }

    private Task<JsonNode> SegmentAsync(string id) => SegmentAsync(api, id);

    private static async Task<JsonNode> SegmentAsync(MarketplaceApiFactory api, string id)
    {
        using var admin = api.CreateClient(api.AdminToken());
        return (await admin.PostGraphQLAsync("query($id: ID!) { segment(id: $id) { name size recompute { status processed total } members(first: 100) { edges { node { id customerId } } } } }", new { id }))
            .DataOrFail()["segment"]!;
    }

    private Task UntilRecomputedAsync(string id) => UntilRecomputedAsync(api, id);

    internal static async Task UntilRecomputedAsync(MarketplaceApiFactory api, string id) =>
        await WebhookTesting.UntilAsync(async () => (await SegmentAsync(api, id))["recompute"]!["status"]!.GetValue<string>() == "DONE");

    internal static async Task<string[]> MySegmentsAsync(HttpClient client) =>
        [.. ((await client.PostGraphQLAsync("{ me { profile { segments { name } } } }")).DataOrFail()["me"]!["profile"]?["segments"]?.AsArray() ?? [])
            .Select(s => s!["name"]!.GetValue<string>())];

    [SkippableFact]
    public async Task A_bad_rule_is_refused_with_where_and_why_and_nothing_is_saved()
    {
        using var admin = api.CreateClient(api.AdminToken());

        var payload = (await admin.PostGraphQLAsync(Create, new { input = new { name = "Broken", rule = "traits.contry = \"DE\"" } })).DataOrFail()["createSegment"]!;

        var error = Assert.Single(payload["userErrors"]!.AsArray())!;
        Assert.Equal("INVALID_RULE", error["code"]!.GetValue<string>());
        Assert.StartsWith("Line 1, column 1:", error["message"]!.GetValue<string>());
        Assert.Contains("traits.country", error["message"]!.GetValue<string>());
        Assert.Equal(["input", "rule"], error["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.False(await api.QueryDbAsync(db => db.Segments.AnyAsync(s => s.Name == "Broken")));

        var preview = (await admin.PostGraphQLAsync("query { previewSegment(rule: \"sessionCount >\") { errors { line column message } } }")).DataOrFail()["previewSegment"]!;
        Assert.Equal(15, Assert.Single(preview["errors"]!.AsArray())!["column"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task The_event_that_qualifies_a_visitor_shows_in_their_segments_on_the_next_request_and_reaches_destinations()
    {
        var segment = await CreateSegmentAsync("Women's shoppers", "count(PRODUCT_VIEW where gender = \"women\" within 1d) >= 2");
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = api.CreateClient(api.AdminToken());
        await admin.DestinationAsync("Realtime ads", receiver.Url("/realtime"), GlobalId.Parse(segment, "Segment")!.Value);
        var women = await api.ProductIdsAsync("Women's", 2);
        using var visitor = api.Visitor("realtime-visitor-01");

        await visitor.TrackAsync(ProfilesKit.Event("PRODUCT_VIEW", women[0], at: api.Clock.GetUtcNow().UtcDateTime));
        Assert.DoesNotContain("Women's shoppers", await MySegmentsAsync(visitor));

        await visitor.TrackAsync(ProfilesKit.Event("PRODUCT_VIEW", women[1], at: api.Clock.GetUtcNow().UtcDateTime));
        Assert.Contains("Women's shoppers", await MySegmentsAsync(visitor));

        var profileId = (await visitor.MyProfileAsync())!["id"]!.GetValue<string>();
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Path == "/realtime" && x.Body.Contains(profileId)));
        var body = JsonNode.Parse(Assert.Single(receipts, r => r.Path == "/realtime" && r.Body.Contains(profileId)).Body)!;
        Assert.Equal(("segment.entered", profileId, segment), (body["type"]!.GetValue<string>(), body["data"]!["profileId"]!.GetValue<string>(), body["data"]!["segmentId"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task Saving_a_rule_recomputes_every_membership_in_the_background_with_progress()
    {
        async Task<string> WithCountryAsync(string visitorId, string country)
        {
            using var client = api.Visitor(visitorId);
            var traits = (await client.PostGraphQLAsync("mutation($c: String) { updateProfileTraits(input: {country: $c}) { profile { id } } }", new { c = country })).DataOrFail();
            return traits["updateProfileTraits"]!["profile"]!["id"]!.GetValue<string>();
        }
        var german = await WithCountryAsync("recompute-de-01", "DE");
        var french = await WithCountryAsync("recompute-fr-01", "FR");

        var id = await CreateSegmentAsync("Country recompute", "traits.country = \"DE\" and traits.language is not set");
        await UntilRecomputedAsync(id);
        var segment = await SegmentAsync(id);
        var members = segment["members"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).ToList();
        Assert.Contains(german, members);
        Assert.DoesNotContain(french, members);
        var total = await api.QueryDbAsync(db => db.Profiles.CountAsync());
        Assert.True(segment["recompute"]!["processed"]!.GetValue<int>() >= total - 5, segment.ToJsonString());

        using var admin = api.CreateClient(api.AdminToken());
        var updated = (await admin.PostGraphQLAsync("mutation($id: ID!) { updateSegment(id: $id, input: {rule: \"traits.country = \\\"FR\\\"\"}) { segment { recompute { status } } userErrors { code } } }", new { id }))
            .DataOrFail()["updateSegment"]!;
        Assert.Empty(updated["userErrors"]!.AsArray());
        await UntilRecomputedAsync(id);
        members = [.. (await SegmentAsync(id))["members"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>())];
        Assert.Contains(french, members);
        Assert.DoesNotContain(german, members);
    }

    [SkippableFact]
    public async Task A_person_gets_the_persona_of_their_highest_priority_segment()
    {
        var everyone = await CreateSegmentAsync("Persona everyone", "eventCount >= 1");
        var buyers = await CreateSegmentAsync("Persona B2B", "traits.customerType = B2B");
        using var admin = api.CreateClient(api.AdminToken());
        const string CreatePersona = "mutation($input: PersonaInput!) { createPersona(input: $input) { persona { id name } userErrors { code field } } }";
        var video = (await admin.PostGraphQLAsync(CreatePersona, new { input = new { name = "Video browser", contentFormat = "VIDEO", descriptionWords = 60, priceSensitivity = "HIGH", segments = new[] { new { segmentId = everyone, priority = 1 } } } })).DataOrFail();
        var text = (await admin.PostGraphQLAsync(CreatePersona, new { input = new { name = "Spec reader", contentFormat = "TEXT", descriptionWords = 500, priceSensitivity = "LOW", preferredCategories = new[] { "electronics" }, segments = new[] { new { segmentId = buyers, priority = 10 } } } })).DataOrFail();
        Assert.Empty(text["createPersona"]!["userErrors"]!.AsArray());
        var unknown = (await admin.PostGraphQLAsync(CreatePersona, new { input = new { name = "Nobody", segments = new[] { new { segmentId = "gid://marketplace/Segment/999999", priority = 1 } } } })).DataOrFail();
        Assert.Equal("SEGMENT_NOT_FOUND", unknown["createPersona"]!["userErrors"]![0]!["code"]!.GetValue<string>());

        using var visitor = api.Visitor("persona-visitor-01");
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW", at: api.Clock.GetUtcNow().UtcDateTime));
        const string Me = "{ me { persona { name contentFormat descriptionWords } profile { persona { name } } } }";
        Assert.Equal("Video browser", (await visitor.PostGraphQLAsync(Me)).DataOrFail()["me"]!["persona"]!["name"]!.GetValue<string>());

        await visitor.PostGraphQLAsync("mutation { updateProfileTraits(input: {customerType: B2B}) { profile { id } } }");
        var me = (await visitor.PostGraphQLAsync(Me)).DataOrFail()["me"]!;
        Assert.Equal(("Spec reader", "TEXT", 500), (me["persona"]!["name"]!.GetValue<string>(), me["persona"]!["contentFormat"]!.GetValue<string>(), me["persona"]!["descriptionWords"]!.GetValue<int>()));
        Assert.Equal("Spec reader", me["profile"]!["persona"]!["name"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task An_erased_profile_leaves_its_segments_and_destinations_hear_it()
    {
        var segment = await CreateSegmentAsync("Erasure segment", "eventCount >= 1");
        await using var receiver = await WebhookReceiver.StartAsync();
        using var admin = api.CreateClient(api.AdminToken());
        await admin.DestinationAsync("Erasure ads", receiver.Url("/erasure"), GlobalId.Parse(segment, "Segment")!.Value);
        using var visitor = api.Visitor("erase-visitor-0001");
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW", at: api.Clock.GetUtcNow().UtcDateTime));
        var profileId = (await visitor.MyProfileAsync())!["id"]!.GetValue<string>();
        Assert.Contains("Erasure segment", await MySegmentsAsync(visitor));

        await visitor.PostGraphQLAsync("mutation { forgetMe }");

        Assert.False(await api.QueryDbAsync(db => db.SegmentMemberships.AnyAsync(m => m.ProfileId == GlobalId.Parse(profileId, "Profile"))));
        var receipts = await receiver.WaitForAsync(r => r.Count(x => x.Path == "/erasure" && x.Body.Contains(profileId)) == 2);
        Assert.Equal(["segment.entered", "segment.left"], receipts.Where(r => r.Path == "/erasure")
            .Select(r => JsonNode.Parse(r.Body)!).Where(b => b["data"]!["profileId"]!.GetValue<string>() == profileId).Select(b => b["type"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task A_placed_order_reaches_the_buyers_profile_as_purchases_and_moves_it_into_buyer_segments()
    {
        await CreateSegmentAsync("Fresh buyers", "count(PURCHASE within 1d) >= 2 and journeyStage = FIRST_TIME_BUYER");
        var offers = await api.OffersAsync(firstSeller: 6, sellers: 2, stock: 10);
        using var buyer = api.Visitor("purchase-visitor-01", api.BuyerToken("purchasing-buyer"));
        var cartId = await buyer.FillCartAsync(offers, quantity: 2);

        var placed = await buyer.PlaceOrderAsync(cartId, "purchase-events-1");

        Assert.Empty(placed.Codes());
        await WebhookTesting.UntilAsync(async () => (await buyer.MyProfileAsync())?["purchaseCount"]?.GetValue<int>() == 1);
        var profile = (await buyer.PostGraphQLAsync("{ me { profile { purchaseCount lifetimeValue journeyStage segments { name } } } }")).DataOrFail()["me"]!["profile"]!;
        Assert.Equal(offers.Sum(o => o.PriceMinor * 2) / 100m, profile["lifetimeValue"]!.GetValue<decimal>());
        Assert.Equal("FIRST_TIME_BUYER", profile["journeyStage"]!.GetValue<string>());
        Assert.Contains("Fresh buyers", profile["segments"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        var purchases = await api.QueryDbAsync(db => db.TrackedEvents.Where(e => e.CustomerId == "purchasing-buyer" && e.Type == Marketplace.Api.Profiles.TrackedEventType.Purchase).ToListAsync());
        Assert.Equal(offers.Select(o => o.ProductId).Order(), purchases.Select(e => e.ProductId!.Value).Order());
        Assert.All(purchases, e => Assert.NotNull(e.CategoryPath));
    }

    [SkippableFact]
    public async Task A_page_of_members_loads_their_segments_and_personas_in_batches()
    {
        using var collector = api.CreateClient();
        await collector.TrackAsync([.. Enumerable.Range(0, 30).Select(i =>
            ProfilesKit.Event("PAGE_VIEW", at: api.Clock.GetUtcNow().UtcDateTime, extra: new { visitorId = $"batch-member-{i:00}" }))]);
        var id = await CreateSegmentAsync("Batch members", "count(PAGE_VIEW within 1d) >= 1");
        await UntilRecomputedAsync(id);
        using var admin = api.CreateClient(api.AdminToken());
        async Task<int> CommandsForAsync(int first)
        {
            api.SqlCommands.Reset();
            var page = (await admin.PostGraphQLAsync("query($id: ID!, $first: Int) { segment(id: $id) { members(first: $first) { edges { node { id segments { name } persona { name } } } } } }",
                new { id, first })).DataOrFail()["segment"]!["members"]!["edges"]!.AsArray();
            Assert.Equal(first, page.Count);
            Assert.All(page, e => Assert.Contains("Batch members", e!["node"]!["segments"]!.AsArray().Select(s => s!["name"]!.GetValue<string>())));
            return api.SqlCommands.Count;
        }

        Assert.Equal(await CommandsForAsync(3), await CommandsForAsync(30));
    }

    [SkippableFact]
    public async Task Only_admins_manage_segments_and_personas()
    {
        using var buyer = api.CreateClient(api.BuyerToken("segment-nosy"));
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(Create, new { input = new { name = "x", rule = "eventCount > 1" } })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync("{ segments { id } }")).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await api.CreateClient().PostGraphQLAsync("{ personas { id } }")).FirstErrorCode);
    }
}

/// <summary>Moves its API's clock, so it has an API of its own.</summary>
public sealed class CartAbandonmentTests(SegmentsApi api) : IClassFixture<SegmentsApi>
{
    [Fact]
    public async Task A_cart_left_alone_makes_its_owner_a_cart_abandoner_without_a_new_event()
    {
        var id = await SegmentTests<SegmentsApi>.CreateSegmentAsync(api, "Abandoners", "journeyStage = CART_ABANDONER and count(ADD_TO_CART within 7d) >= 1");
        await SegmentTests<SegmentsApi>.UntilRecomputedAsync(api, id);
        var product = (await api.ProductIdsAsync("Men's", 1))[0];
        using var visitor = api.Visitor("abandon-visitor-01");
        await visitor.TrackAsync(ProfilesKit.Event("ADD_TO_CART", product, at: api.Clock.GetUtcNow().UtcDateTime));
        Assert.Equal("ENGAGED", (await visitor.MyProfileAsync())!["journeyStage"]!.GetValue<string>());

        api.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal("CART_ABANDONER", (await visitor.MyProfileAsync())!["journeyStage"]!.GetValue<string>());
        await WebhookTesting.UntilAsync(async () => (await SegmentTests<SegmentsApi>.MySegmentsAsync(visitor)).Contains("Abandoners"));
    }
}
