using System.Collections.Concurrent;
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Recommendations;

/// <summary>The merchandising rules a test sets, in force for their segments.</summary>
public sealed class TestMerchandising : IActiveMerchandising
{
    public ConcurrentBag<ActiveMerchandisingRule> Rules { get; } = [];

    public Task<IReadOnlyList<ActiveMerchandisingRule>> ForSegmentsAsync(IReadOnlyCollection<long> segmentIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ActiveMerchandisingRule>>([.. Rules.Where(r => segmentIds.Contains(r.SegmentId))]);
}

public sealed class MerchandisedApiFactory : RecommendationsApiFactory
{
    public TestMerchandising Merchandising { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IActiveMerchandising>(Merchandising));
    }
}

/// <summary>What the caller's segments change: the persona's price sensitivity and the segments' merchandising rules.</summary>
public sealed class RecommendationPersonalizationTests(MerchandisedApiFactory api) : IClassFixture<MerchandisedApiFactory>
{
    [Fact]
    public async Task A_price_sensitive_persona_sees_cheaper_items_first()
    {
        var shop = new Shop(api, "recps");
        await shop.CategoryAsync("watches");
        foreach (var seller in new[] { "s0", "s1", "s2", "s3" }) await shop.SellerAsync(seller);
        var watch = await shop.ProductAsync("Dress watch", "watches", "s0", 120);
        await shop.ProductAsync("Gold watch", "watches", "s1", 200);
        await shop.ProductAsync("Steel watch", "watches", "s2", 50);
        await shop.ProductAsync("Plastic watch", "watches", "s3", 10);
        using var buyer = await MemberAsync("recps-buyer", await PersonaSegmentAsync(PriceSensitivity.High));
        using var anonymous = api.CreateClient();

        var usual = await anonymous.RecommendationsAsync("CART", watch);
        var thrifty = await buyer.RecommendationsAsync("CART", watch);

        Assert.Equal(["Gold watch", "Steel watch", "Plastic watch"], usual.Select(i => i.Title));
        Assert.Equal(["Plastic watch", "Steel watch", "Gold watch"], thrifty.Select(i => i.Title));
        Assert.Contains(("AFFINITY", "price-sensitivity:high", 1.0), thrifty[0].Reasons);
        Assert.Contains(("AFFINITY", "price-sensitivity:high", -0.5), thrifty[2].Reasons);
    }

    [Fact]
    public async Task The_segments_merchandising_rules_pin_boost_and_bury_and_say_so()
    {
        var shop = new Shop(api, "recmr");
        await shop.CategoryAsync("bags");
        foreach (var seller in new[] { "s0", "s1", "s2", "s3", "s4" }) await shop.SellerAsync(seller);
        var tote = await shop.ProductAsync("Tote", "bags", "s0", 30);
        await shop.ProductAsync("Backpack", "bags", "s1", 60);
        await shop.ProductAsync("Duffel", "bags", "s2", 70);
        await shop.ProductAsync("Satchel", "bags", "s3", 80, brand: "Boosty");
        var clutch = await shop.ProductAsync("Clutch", "bags", "s4", 40);
        var segment = await api.SegmentAsync("recmr-vip");
        api.Merchandising.Rules.Add(new(9001, segment, MerchandisingAction.Bury, MerchandisingTarget.Seller, null, "recmr-s1", 50));
        api.Merchandising.Rules.Add(new(9002, segment, MerchandisingAction.Boost, MerchandisingTarget.Brand, null, "Boostyrecmr", 100));
        api.Merchandising.Rules.Add(new(9003, segment, MerchandisingAction.Pin, MerchandisingTarget.Product, null, clutch.ToString(), 10));
        using var member = await MemberAsync("recmr-buyer", segment);
        using var anonymous = api.CreateClient();

        var usual = await anonymous.RecommendationsAsync("CART", tote);
        var merchandised = await member.RecommendationsAsync("CART", tote);

        Assert.Equal(["Backpack", "Duffel", "Satchel", "Clutch"], usual.Select(i => i.Title));
        Assert.Equal(["Clutch", "Satchel", "Duffel", "Backpack"], merchandised.Select(i => i.Title));
        Assert.Contains(("MERCHANDISING", "rule:9003", 0.1), merchandised[0].Reasons);
        Assert.Contains(("MERCHANDISING", "rule:9002", 1.0), merchandised[1].Reasons);
        Assert.Contains(("MERCHANDISING", "rule:9001", -0.5), merchandised[3].Reasons);
    }

    [Fact]
    public async Task Trending_for_a_segments_member_adds_what_the_segment_views()
    {
        var shop = new Shop(api, "recseg");
        await shop.CategoryAsync("decor");
        await shop.SellerAsync("s1");
        await shop.SellerAsync("s2");
        var lamp = await shop.ProductAsync("Paper lamp", "decor", "s1", 30);
        var rug = await shop.ProductAsync("Wool rug", "decor", "s2", 90);
        var segment = await api.SegmentAsync("recseg-makers");
        foreach (var (customer, product) in new[] { ("recseg-member-1", lamp), ("recseg-member-2", lamp), ("recseg-other-1", rug), ("recseg-other-2", rug), ("recseg-other-3", rug) })
        {
            using var client = api.CreateClient(api.BuyerToken(customer));
            await client.TrackAsync(ProfilesKit.Event("PRODUCT_VIEW", product));
        }
        await JoinAsync("recseg-member-1", segment);
        await JoinAsync("recseg-member-2", segment);
        await api.DrainSignalsAsync();
        using var member = await MemberAsync("recseg-member-3", segment);
        using var anonymous = api.CreateClient();

        var usual = await anonymous.RecommendationsAsync("SEARCH_EMPTY", first: 50);
        var forMember = await member.RecommendationsAsync("SEARCH_EMPTY", first: 50);

        Assert.Equal([("Wool rug", "TRENDING"), ("Paper lamp", "TRENDING")], usual.Where(i => shop.Products.ContainsKey(i.Title)).Shown());
        Assert.Equal([("Paper lamp", "TRENDING"), ("Wool rug", "TRENDING")], forMember.Where(i => shop.Products.ContainsKey(i.Title)).Shown());
        Assert.Contains(forMember.Single(i => i.Title == "Paper lamp").Reasons, r => r.Kind == "SEGMENT" && r.Key == $"segment:{segment}" && r.Weight > 1.9);
    }

    /// <summary>A segment whose members get a persona of the given price sensitivity.</summary>
    private async Task<long> PersonaSegmentAsync(PriceSensitivity sensitivity)
    {
        var segment = await api.SegmentAsync($"recps-{sensitivity}");
        await api.QueryDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var persona = new Persona { Name = $"recps-{sensitivity}", PriceSensitivity = sensitivity, CreatedAt = now, UpdatedAt = now };
            db.Personas.Add(persona);
            await db.SaveChangesAsync();
            db.PersonaSegments.Add(new PersonaSegment { PersonaId = persona.Id, SegmentId = segment, Priority = 1 });
            return await db.SaveChangesAsync();
        });
        return segment;
    }

    /// <summary>A signed-in buyer with a profile (from one page view) who belongs to the segment.</summary>
    private async Task<HttpClient> MemberAsync(string customerId, long segmentId)
    {
        var client = api.CreateClient(api.BuyerToken(customerId));
        await client.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        await JoinAsync(customerId, segmentId);
        return client;
    }

    /// <summary>Puts the customer's profile in the segment (after its last event, so no rule takes it out again).</summary>
    private Task JoinAsync(string customerId, long segmentId) =>
        api.QueryDbAsync(async db =>
        {
            var profileId = await db.Profiles.Where(p => p.CustomerId == customerId).Select(p => p.Id).SingleAsync();
            db.SegmentMemberships.Add(new SegmentMembership { SegmentId = segmentId, ProfileId = profileId, EnteredAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
}
