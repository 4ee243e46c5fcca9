using System.Text.Json.Nodes;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Personalization;

public sealed class MerchandisingRuleTestsOnSqlite(SegmentsApi api) : MerchandisingRuleTests<SegmentsApi>(api);

public sealed class MerchandisingRuleTestsOnPostgres(PostgresSegmentsApi api) : MerchandisingRuleTests<PostgresSegmentsApi>(api);

public abstract class MerchandisingRuleTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : SegmentsApi
{
    private const string RuleFields = "id segmentId action target attributeName value weight startsAt endsAt active note";
    private const string Create = $"mutation($input: MerchandisingRuleInput!) {{ createMerchandisingRule(input: $input) {{ rule {{ {RuleFields} }} userErrors {{ code message field }} }} }}";
    private const string Update = $"mutation($id: ID!, $input: MerchandisingRuleInput!) {{ updateMerchandisingRule(id: $id, input: $input) {{ rule {{ {RuleFields} }} userErrors {{ code field }} }} }}";
    private const string Delete = "mutation($id: ID!) { deleteMerchandisingRule(id: $id) { deletedRuleId userErrors { code field } } }";
    private const string List = $"query($segmentId: ID, $activeOnly: Boolean) {{ merchandisingRules(segmentId: $segmentId, activeOnly: $activeOnly, first: 50) {{ edges {{ node {{ {RuleFields} }} }} }} }}";

    private DateTime Now => api.Clock.GetUtcNow().UtcDateTime;

    private Task<string> SegmentAsync(string name) => SegmentTests<TApi>.CreateSegmentAsync(api, name, "eventCount >= 1");

    private async Task<JsonNode> CreateAsync(object input)
    {
        using var admin = api.CreateClient(api.AdminToken());
        var payload = (await admin.PostGraphQLAsync(Create, new { input })).DataOrFail()["createMerchandisingRule"]!;
        Assert.Empty(payload["userErrors"]!.AsArray());
        return payload["rule"]!;
    }

    private async Task<string[]> ListedIdsAsync(string? segmentId, bool activeOnly = false)
    {
        using var admin = api.CreateClient(api.AdminToken());
        var rules = (await admin.PostGraphQLAsync(List, new { segmentId, activeOnly })).DataOrFail()["merchandisingRules"]!["edges"]!.AsArray();
        return [.. rules.Select(e => e!["node"]!["id"]!.GetValue<string>())];
    }

    private async Task<long[]> ActiveRuleIdsAsync(params string[] segmentIds)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var active = scope.ServiceProvider.GetRequiredService<IActiveMerchandising>();
        var rules = await active.ForSegmentsAsync([.. segmentIds.Select(id => GlobalId.Parse(id, "Segment")!.Value)], CancellationToken.None);
        return [.. rules.Select(r => r.Id).Order()];
    }

    private static long RuleId(JsonNode rule) => GlobalId.Parse(rule["id"]!.GetValue<string>(), "MerchandisingRule")!.Value;

    [SkippableFact]
    public async Task An_admin_creates_lists_updates_and_deletes_a_rule_for_a_segment()
    {
        var segment = await SegmentAsync("Merch crud");
        var product = (await api.ProductIdsAsync("Women's", 1))[0];

        var boost = await CreateAsync(new { segmentId = segment, action = "BOOST", target = "CATEGORY", value = "Women-Shorts", weight = 40, note = "Summer push", endsAt = Now.Date.AddDays(8) });
        var pin = await CreateAsync(new { segmentId = segment, action = "PIN", target = "PRODUCT", value = GlobalId.Encode("Product", product), weight = 0 });

        Assert.Equal((segment, "BOOST", "CATEGORY", "women-shorts", 40.0, true, "Summer push"),
            (boost["segmentId"]!.GetValue<string>(), boost["action"]!.GetValue<string>(), boost["target"]!.GetValue<string>(),
             boost["value"]!.GetValue<string>(), boost["weight"]!.GetValue<double>(), boost["active"]!.GetValue<bool>(), boost["note"]!.GetValue<string>()));
        Assert.Equal(GlobalId.Encode("Product", product), pin["value"]!.GetValue<string>());
        Assert.Equal([boost["id"]!.GetValue<string>(), pin["id"]!.GetValue<string>()], await ListedIdsAsync(segment));

        using var admin = api.CreateClient(api.AdminToken());
        var ofSegment = (await admin.PostGraphQLAsync("query($id: ID!) { segment(id: $id) { merchandisingRules(first: 10) { edges { node { action } } } } }", new { id = segment }))
            .DataOrFail()["segment"]!["merchandisingRules"]!["edges"]!.AsArray().Select(e => e!["node"]!["action"]!.GetValue<string>());
        Assert.Equal(["BOOST", "PIN"], ofSegment);

        // Only what is sent changes (the end stays); a note sent as null is cleared.
        var updated = (await admin.PostGraphQLAsync(Update, new { id = boost["id"]!.GetValue<string>(), input = new { action = "BURY", weight = 75, note = (string?)null } }))
            .DataOrFail()["updateMerchandisingRule"]!;
        Assert.Empty(updated["userErrors"]!.AsArray());
        Assert.Equal(("BURY", "CATEGORY", "women-shorts", 75.0, true),
            (updated["rule"]!["action"]!.GetValue<string>(), updated["rule"]!["target"]!.GetValue<string>(), updated["rule"]!["value"]!.GetValue<string>(),
             updated["rule"]!["weight"]!.GetValue<double>(), updated["rule"]!["note"] is null));
        Assert.Equal(boost["endsAt"]!.GetValue<DateTime>(), updated["rule"]!["endsAt"]!.GetValue<DateTime>());

        var deleted = (await admin.PostGraphQLAsync(Delete, new { id = boost["id"]!.GetValue<string>() })).DataOrFail()["deleteMerchandisingRule"]!;
        Assert.Equal(boost["id"]!.GetValue<string>(), deleted["deletedRuleId"]!.GetValue<string>());
        Assert.Equal([pin["id"]!.GetValue<string>()], await ListedIdsAsync(segment));
        var again = (await admin.PostGraphQLAsync(Delete, new { id = boost["id"]!.GetValue<string>() })).DataOrFail()["deleteMerchandisingRule"]!;
        Assert.Equal("MERCHANDISING_RULE_NOT_FOUND", again["userErrors"]![0]!["code"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Someone_who_is_not_an_admin_can_neither_see_nor_write_rules()
    {
        var segment = await SegmentAsync("Merch refused");
        var rule = await CreateAsync(new { segmentId = segment, action = "BOOST", target = "BRAND", value = "Crestline", weight = 10 });
        using var buyer = api.CreateClient(api.BuyerToken("merch-buyer"));
        using var anonymous = api.CreateClient();

        var create = new { input = new { segmentId = segment, action = "BOOST", target = "BRAND", value = "Folkhaus", weight = 10 } };
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(Create, create)).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await anonymous.PostGraphQLAsync(Create, create)).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(List, new { segmentId = segment })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(Update, new { id = rule["id"]!.GetValue<string>(), input = new { weight = 99 } })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(Delete, new { id = rule["id"]!.GetValue<string>() })).FirstErrorCode);

        Assert.Equal((1, 10.0), await api.QueryDbAsync(async db => (await db.MerchandisingRules.CountAsync(r => r.SegmentId == RuleSegment(rule)),
            await db.MerchandisingRules.Where(r => r.Id == RuleId(rule)).Select(r => r.Weight).SingleAsync())));
    }

    private static long RuleSegment(JsonNode rule) => GlobalId.Parse(rule["segmentId"]!.GetValue<string>(), "Segment")!.Value;

    public static TheoryData<string, string, string> InvalidInputs => new()
    {
        // case, expected code, expected field
        { "unknown segment", "SEGMENT_NOT_FOUND", "segmentId" },
        { "unknown category", "CATEGORY_NOT_FOUND", "value" },
        { "unknown product", "PRODUCT_NOT_FOUND", "value" },
        { "unknown seller", "SELLER_NOT_FOUND", "value" },
        { "weight above 100", "INVALID_WEIGHT", "weight" },
        { "negative weight", "INVALID_WEIGHT", "weight" },
        { "end before start", "INVALID_TIME_WINDOW", "endsAt" },
        { "attribute without a name", "ATTRIBUTE_NAME_REQUIRED", "attributeName" },
        { "no value", "INVALID_MERCHANDISING_RULE", "value" },
    };

    [SkippableTheory]
    [MemberData(nameof(InvalidInputs))]
    public async Task Bad_input_is_a_user_error_with_its_field_and_nothing_is_written(string problem, string code, string field)
    {
        var segment = await SegmentAsync("Merch invalid " + problem);
        var input = new Dictionary<string, object?> { ["segmentId"] = segment, ["action"] = "BOOST", ["target"] = "CATEGORY", ["value"] = "women-shorts", ["weight"] = 50 };
        switch (problem)
        {
            case "unknown segment": input["segmentId"] = GlobalId.Encode("Segment", 987_654); break;
            case "unknown category": input["value"] = "no-such-category"; break;
            case "unknown product": (input["target"], input["value"]) = ("PRODUCT", GlobalId.Encode("Product", 987_654)); break;
            case "unknown seller": (input["target"], input["value"]) = ("SELLER", "no-such-seller"); break;
            case "weight above 100": input["weight"] = 101; break;
            case "negative weight": input["weight"] = -1; break;
            case "end before start": (input["startsAt"], input["endsAt"]) = (Now.AddDays(2).ToString("O"), Now.AddDays(1).ToString("O")); break;
            case "attribute without a name": (input["target"], input["value"]) = ("ATTRIBUTE", "Linen"); break;
            case "no value": input["value"] = " "; break;
        }
        using var admin = api.CreateClient(api.AdminToken());

        var payload = (await admin.PostGraphQLAsync(Create, new { input })).DataOrFail()["createMerchandisingRule"]!;

        Assert.Null(payload["rule"]);
        var error = Assert.Single(payload["userErrors"]!.AsArray())!;
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Equal(["input", field], error["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Empty(await ListedIdsAsync(segment));
    }

    [SkippableFact]
    public async Task A_rule_is_active_only_inside_its_time_window()
    {
        var segment = await SegmentAsync("Merch window");
        var open = await CreateAsync(new { segmentId = segment, action = "BOOST", target = "BRAND", value = "Crestline", weight = 20 });
        var later = await CreateAsync(new { segmentId = segment, action = "PIN", target = "CATEGORY", value = "women-shorts", weight = 0, startsAt = Now.AddDays(1) });
        var ending = await CreateAsync(new { segmentId = segment, action = "BURY", target = "ATTRIBUTE", attributeName = "material", value = "Oak Veneer", weight = 30, startsAt = Now.AddHours(-1), endsAt = Now.AddHours(1) });
        Assert.Equal((true, false, true), (open["active"]!.GetValue<bool>(), later["active"]!.GetValue<bool>(), ending["active"]!.GetValue<bool>()));

        Assert.Equal([RuleId(open), RuleId(ending)], await ActiveRuleIdsAsync(segment));
        Assert.Equal([open["id"]!.GetValue<string>(), ending["id"]!.GetValue<string>()], await ListedIdsAsync(segment, activeOnly: true));
        Assert.Equal(3, (await ListedIdsAsync(segment)).Length);

        // Tokens are checked against the real time, so once the clock moves only the service is asked; the clock goes back after.
        try
        {
            api.Clock.Advance(TimeSpan.FromHours(2));
            Assert.Equal([RuleId(open)], await ActiveRuleIdsAsync(segment));

            api.Clock.Advance(TimeSpan.FromDays(1));
            Assert.Equal([RuleId(open), RuleId(later)], await ActiveRuleIdsAsync(segment));
        }
        finally
        {
            api.Clock.Advance(-TimeSpan.FromHours(26));
        }
    }

    [SkippableFact]
    public async Task Active_merchandising_returns_the_rules_of_the_asked_segments_only()
    {
        var shoppers = await SegmentAsync("Merch shoppers");
        var runners = await SegmentAsync("Merch runners");
        var idle = await SegmentAsync("Merch idle");
        var shoppersRule = await CreateAsync(new { segmentId = shoppers, action = "BOOST", target = "SELLER", value = await api.QueryDbAsync(db => db.Sellers.OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync()), weight = 60 });
        var runnersRule = await CreateAsync(new { segmentId = runners, action = "BOOST", target = "CATEGORY", value = "sports-running", weight = 80 });

        Assert.Equal([RuleId(shoppersRule)], await ActiveRuleIdsAsync(shoppers));
        Assert.Equal([RuleId(shoppersRule), RuleId(runnersRule)], await ActiveRuleIdsAsync(shoppers, runners));
        Assert.Empty(await ActiveRuleIdsAsync(idle));
        Assert.Empty(await ActiveRuleIdsAsync());
    }

    [SkippableFact]
    public async Task A_change_another_instance_wrote_is_served_within_the_cache_lifetime()
    {
        var segment = await SegmentAsync("Merch other instance");
        await CreateAsync(new { segmentId = segment, action = "BOOST", target = "BRAND", value = "Folkhaus", weight = 5 });
        var before = await ActiveRuleIdsAsync(segment);

        // Straight into the table, as another API instance's save would be: this instance's copy knows nothing of it.
        var written = await api.QueryDbAsync(async db =>
        {
            var rule = new MerchandisingRule { SegmentId = GlobalId.Parse(segment, "Segment")!.Value, Action = MerchandisingAction.Bury, Target = MerchandisingTarget.Brand, Value = "Crestline", Weight = 50, CreatedAt = Now, UpdatedAt = Now };
            db.MerchandisingRules.Add(rule);
            await db.SaveChangesAsync();
            return rule.Id;
        });

        // Until then this instance may serve its copy; by then it has read the table again.
        api.Clock.Advance(MerchandisingRuleCache.Lifetime);
        try
        {
            long[] expected = [.. before, written];
            Assert.Equal(expected, await ActiveRuleIdsAsync(segment));
        }
        finally
        {
            api.Clock.Advance(-MerchandisingRuleCache.Lifetime);
        }
    }
}
