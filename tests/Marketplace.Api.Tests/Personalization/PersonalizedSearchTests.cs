using System.Text.Json.Nodes;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Marketplace.Api.Tests.Search;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Personalization;

public sealed class PersonalizedSearchTestsOnSqlite(MarketplaceApiFactory api) : PersonalizedSearchTests<MarketplaceApiFactory>(api);

public sealed class PersonalizedSearchTestsOnPostgres(PostgresMarketplaceApiFactory api) : PersonalizedSearchTests<PostgresMarketplaceApiFactory>(api);

public abstract class PersonalizedSearchTests<TApi>(TApi api) : DatabaseTests<TApi>(api), IAsyncLifetime where TApi : MarketplaceApiFactory
{
    /// <summary>The demo catalog is indexed through the outbox after start-up; every test here searches it.</summary>
    public Task InitializeAsync() => api.CaughtUpAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private const string Search = """
        query($query: String, $personalization: PersonalizationInput, $debug: Boolean, $first: Int) {
          search(query: $query, personalization: $personalization, debug: $debug, first: $first) {
            totalCount
            edges { node {
              product { id title brand attributes { name value } }
              personalization { boost reasons { kind key weight } }
              debug { personalizedRank unpersonalizedRank }
            } }
          }
        }
        """;

    [SkippableFact]
    public async Task A_visitor_with_a_mens_history_who_types_womens_shorts_sees_womens_shorts_and_keeps_seeing_them_on_the_next_plain_search()
    {
        using var visitor = await MensShopperAsync("visitor-pivot-01");

        var before = await SearchAsync(visitor, "shorts");
        Assert.All(before.Take(5), hit => Assert.Equal("men", Gender(hit)));

        var pivot = await SearchAsync(visitor, "women's shorts");
        Assert.All(pivot.Take(10), hit => Assert.Equal("women", Gender(hit)));
        Assert.Contains(Reasons(pivot[0]), r => r is ("QUERY_INTENT", "gender:women", _));
        Assert.Contains(Reasons(pivot[0]), r => r is ("QUERY_INTENT", "category:women-shorts", _));

        // The storefront reports the search, as it reports views: the session now says "women".
        await visitor.TrackAsync(ProfilesKit.Event("SEARCH", extra: new { query = "women's shorts", resultCount = pivot.Count }));
        var after = await SearchAsync(visitor, "shorts");

        Assert.All(after.Take(10), hit => Assert.Equal("women", Gender(hit)));
        Assert.Contains(Reasons(after[0]), r => r is ("SESSION_INTENT", "gender:women", _));
    }

    [SkippableFact]
    public async Task A_known_profile_ranks_its_affinities_first_and_each_hit_says_why()
    {
        using var visitor = await MensShopperAsync("visitor-affinity-01");

        var hits = await SearchAsync(visitor, "shorts");
        var plain = await SearchAsync(api.CreateClient(), "shorts");

        Assert.All(hits.Take(5), hit => Assert.Equal("men", Gender(hit)));
        Assert.NotEqual(Ids(plain), Ids(hits));
        var top = hits[0]["personalization"]!;
        Assert.True(top["boost"]!.GetValue<double>() > 0);
        Assert.Contains(Reasons(hits[0]), r => r is ("AFFINITY", "gender:men", _));
        Assert.All(plain, hit => Assert.Null(hit["personalization"]));
    }

    [SkippableFact]
    public async Task Disabled_or_zero_impact_personalization_ranks_exactly_as_for_nobody()
    {
        using var visitor = await MensShopperAsync("visitor-impact-01");
        var nobody = Ids(await SearchAsync(api.CreateClient(), "shorts", first: 40));

        var disabled = await SearchAsync(visitor, "shorts", new { enabled = false }, first: 40);
        var zero = await SearchAsync(visitor, "shorts", new { impact = 0 }, first: 40);
        var full = await SearchAsync(visitor, "shorts", first: 40);

        Assert.Equal(nobody, Ids(disabled));
        Assert.Equal(nobody, Ids(zero));
        Assert.NotEqual(nobody, Ids(full));
        var everything = Ids(await SearchAsync(api.CreateClient(), "shorts", first: 100));
        Assert.True(everything.Count < 100);
        Assert.Equal(everything.Order(), Ids(await SearchAsync(visitor, "shorts", first: 100)).Order());
    }

    [SkippableFact]
    public async Task Half_impact_halves_every_weight()
    {
        using var visitor = await MensShopperAsync("visitor-impact-02");

        var full = AllReasons(await SearchAsync(visitor, "shorts", first: 100));
        var half = AllReasons(await SearchAsync(visitor, "shorts", new { impact = 50 }, first: 100));

        Assert.NotEmpty(full);
        foreach (var (key, weight) in half) Assert.Equal(full[key] / 2, weight, 3);
    }

    [SkippableFact]
    public async Task Withdrawn_consent_gets_unpersonalized_results()
    {
        using var visitor = await MensShopperAsync("visitor-consent-01");
        var nobody = Ids(await SearchAsync(api.CreateClient(), "shorts", first: 40));

        (await visitor.PostGraphQLAsync("mutation { setTrackingConsent(granted: false) { userErrors { code } } }")).DataOrFail();
        var hits = await SearchAsync(visitor, "shorts", first: 40);

        Assert.Equal(nobody, Ids(hits));
        Assert.All(hits, hit => Assert.Null(hit["personalization"]));
    }

    [SkippableFact]
    public async Task An_anonymous_visitor_who_signs_in_keeps_the_personalization_built_while_anonymous()
    {
        using (await MensShopperAsync("visitor-signin-01")) { }
        var token = api.BuyerToken("buyer-signin-01");

        using (var signingIn = api.Visitor("visitor-signin-01", token))
            Assert.All((await SearchAsync(signingIn, "shorts")).Take(5), hit => Assert.Equal("men", Gender(hit)));
        using var laterDevice = api.CreateClient(token);
        var hits = await SearchAsync(laterDevice, "shorts");

        Assert.All(hits.Take(5), hit => Assert.Equal("men", Gender(hit)));
        Assert.Contains(Reasons(hits[0]), r => r is ("AFFINITY", "gender:men", _));
    }

    [SkippableFact]
    public async Task A_cold_visitor_gets_plain_relevance()
    {
        using var cold = api.Visitor("visitor-cold-search-01");

        var hits = await SearchAsync(cold, "shorts", first: 40);

        Assert.Equal(Ids(await SearchAsync(api.CreateClient(), "shorts", first: 40)), Ids(hits));
        Assert.All(hits, hit => Assert.Null(hit["personalization"]));
    }

    [SkippableFact]
    public async Task Admins_see_each_hits_rank_with_and_without_personalization()
    {
        await MensShopperAsync("visitor-debug-01");
        using var admin = api.Visitor("visitor-debug-01", api.AdminToken());
        var plain = Ids(await SearchAsync(api.CreateClient(), "shorts", first: 40));

        var hits = await SearchAsync(admin, "shorts", debug: true, first: 10);

        for (var i = 0; i < hits.Count; i++)
        {
            var debug = hits[i]["debug"]!;
            Assert.Equal(i + 1, debug["personalizedRank"]!.GetValue<int>());
            var id = hits[i]["product"]!["id"]!.GetValue<string>();
            Assert.Equal(plain.IndexOf(id) + 1, debug["unpersonalizedRank"]!.GetValue<int>());
        }
    }

    [SkippableFact]
    public async Task Debug_is_for_admins_and_impact_is_bounded()
    {
        using var visitor = api.Visitor("visitor-debug-02", api.BuyerToken());

        var debug = await visitor.PostGraphQLAsync(Search, new { query = "shorts", debug = true });
        var impact = await visitor.PostGraphQLAsync(Search, new { query = "shorts", personalization = new { impact = 101 } });

        Assert.Equal("FORBIDDEN", debug.FirstErrorCode);
        Assert.Equal("BAD_USER_INPUT", impact.FirstErrorCode);
    }

    [SkippableFact]
    public async Task A_segments_merchandising_rules_boost_and_bury_for_its_members_only_and_say_so()
    {
        var segment = await SegmentTests<SegmentsApi>.CreateSegmentAsync(api, $"icelanders-{typeof(TApi).Name}", "traits.country = \"IS\"");
        using var admin = api.CreateClient(api.AdminToken());
        async Task<string> RuleAsync(object input)
        {
            var payload = (await admin.PostGraphQLAsync(
                "mutation($input: MerchandisingRuleInput!) { createMerchandisingRule(input: $input) { rule { id } userErrors { code } } }", new { input }))
                .DataOrFail()["createMerchandisingRule"]!;
            Assert.Empty(payload["userErrors"]!.AsArray());
            return payload["rule"]!["id"]!.GetValue<string>();
        }
        await RuleAsync(new { segmentId = segment, action = "BOOST", target = "CATEGORY", value = "women-shorts", weight = 100 });
        await RuleAsync(new { segmentId = segment, action = "BURY", target = "BRAND", value = "Pale Harbor", weight = 100 });
        using var member = api.Visitor("visitor-merch-member-01");
        await member.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        (await member.PostGraphQLAsync("mutation { updateProfileTraits(input: { country: \"IS\" }) { profile { id } } }")).DataOrFail();
        using var outsider = api.Visitor("visitor-merch-outsider-01");
        await outsider.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));

        var hits = await SearchAsync(member, "shorts", first: 100);
        var plain = await SearchAsync(outsider, "shorts", first: 100);

        Assert.All(hits.Take(10), hit => Assert.Equal("women", Gender(hit)));
        Assert.Contains(Reasons(hits[0]), r => r.Kind == "MERCHANDISING" && r.Key.StartsWith("rule:") && r.Weight > 0);
        var paleHarbor = hits.Select((hit, rank) => (Brand: Brand(hit), rank)).Where(h => h.Brand == "Pale Harbor").Select(h => h.rank).ToList();
        Assert.NotEmpty(paleHarbor);
        Assert.All(paleHarbor, rank => Assert.True(rank >= hits.Count - paleHarbor.Count - 2, $"Pale Harbor at {rank} of {hits.Count}"));
        Assert.All(plain, hit => Assert.DoesNotContain(Reasons(hit), r => r.Kind == "MERCHANDISING"));
    }

    /// <summary>A visitor who looked at men's shorts, jeans and t-shirts three days ago.</summary>
    private async Task<HttpClient> MensShopperAsync(string visitorId)
    {
        var mens = await api.QueryDbAsync(db => db.Products
            .Where(p => p.OfferCount > 0 && (p.Title.StartsWith("Men's") || p.Title.StartsWith("Mens")))
            .OrderBy(p => p.Id).Select(p => p.Id).Take(8).ToArrayAsync());
        var visitor = api.Visitor(visitorId);
        var at = DateTime.UtcNow.AddDays(-3);
        var track = await visitor.TrackAsync([.. mens.Select((id, i) => ProfilesKit.Event("PRODUCT_VIEW", id, at.AddMinutes(i)))]);
        Assert.Equal(mens.Length, track["accepted"]!.GetValue<int>());
        return visitor;
    }

    private static async Task<List<JsonNode>> SearchAsync(HttpClient client, string query, object? personalization = null, bool debug = false, int first = 20)
    {
        var data = (await client.PostGraphQLAsync(Search, new { query, personalization, debug, first })).DataOrFail();
        return [.. data["search"]!["edges"]!.AsArray().Select(e => e!["node"]!)];
    }

    private static Dictionary<string, double> AllReasons(IEnumerable<JsonNode> hits) =>
        hits.SelectMany(Reasons).DistinctBy(r => (r.Kind, r.Key)).ToDictionary(r => $"{r.Kind} {r.Key}", r => r.Weight);

    private static List<string> Ids(IEnumerable<JsonNode> hits) => [.. hits.Select(h => h["product"]!["id"]!.GetValue<string>())];

    private static string? Gender(JsonNode hit) =>
        hit["product"]!["attributes"]!.AsArray().FirstOrDefault(a => a!["name"]!.GetValue<string>() == "gender")?["value"]!.GetValue<string>();

    private static string? Brand(JsonNode hit) => hit["product"]!["brand"]?.GetValue<string>();

    private static IEnumerable<(string Kind, string Key, double Weight)> Reasons(JsonNode hit) =>
        hit["personalization"]?["reasons"]!.AsArray().Select(r => (r!["kind"]!.GetValue<string>(), r["key"]!.GetValue<string>(), r["weight"]!.GetValue<double>())) ?? [];
}
