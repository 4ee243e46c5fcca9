using System.Text.Json.Nodes;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Search;

public sealed class SearchQueryTestsOnSqlite(MarketplaceApiFactory host) : SearchQueryTests<MarketplaceApiFactory>(host);

public sealed class SearchQueryTestsOnPostgres(PostgresMarketplaceApiFactory host) : SearchQueryTests<PostgresMarketplaceApiFactory>(host);

/// <summary>The `search` field over the demo marketplace: a real index built through the outbox, real HTTP.</summary>
public abstract class SearchQueryTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string Search = """
        query($q: String, $filter: SearchFilter, $sort: SearchSort, $first: Int, $after: String) {
          search(query: $q, filter: $filter, sort: $sort, first: $first, after: $after) {
            totalCount didYouMean correctedQuery
            edges { cursor node { score product { id title brand lowestPrice { amount } attributes { name value } } highlights { field fragments } } }
            pageInfo { hasNextPage endCursor }
            facets { name values { value label count } } } }
        """;

    private async Task<JsonNode> SearchAsync(object variables)
    {
        await api.CaughtUpAsync();
        return (await api.CreateClient().PostGraphQLAsync(Search, variables)).DataOrFail()["search"]!;
    }

    private static List<string> Titles(JsonNode result) =>
        result["edges"]!.AsArray().Select(e => e!["node"]!["product"]!["title"]!.GetValue<string>()).ToList();

    private static JsonNode? Facet(JsonNode result, string name) =>
        result["facets"]!.AsArray().FirstOrDefault(f => f!["name"]!.GetValue<string>() == name);

    [SkippableTheory]
    [InlineData("shorts")]
    [InlineData("shrots")]
    [InlineData("women shorts")]
    public async Task Shorts_are_found_however_the_buyer_types_them(string query)
    {
        var result = await SearchAsync(new { q = query, first = 40 });

        var titles = Titles(result);
        Assert.NotEmpty(titles);
        Assert.Contains(titles, t => t.StartsWith("Women's", StringComparison.Ordinal) && t.EndsWith("Shorts", StringComparison.Ordinal));
        if (query != "women shorts")
            Assert.Contains(titles, t => t.StartsWith("Men's", StringComparison.Ordinal) && t.Contains("Shorts", StringComparison.Ordinal));
        else
            Assert.All(titles.Take(5), t => Assert.StartsWith("Women's", t));
    }

    [SkippableFact]
    public async Task A_typo_is_corrected_in_did_you_mean()
    {
        var result = await SearchAsync(new { q = "shrots" });

        Assert.Equal("shorts", result["didYouMean"]?.GetValue<string>());
    }

    [SkippableFact]
    public async Task Facets_count_the_matches_and_ignore_their_own_selection()
    {
        var all = await SearchAsync(new { q = "shorts", first = 0 });
        var brands = Facet(all, "brand")!["values"]!.AsArray();
        var brand = brands[0]!["value"]!.GetValue<string>();
        var brandCount = brands[0]!["count"]!.GetValue<int>();

        var filtered = await SearchAsync(new { q = "shorts", first = 0, filter = new { brands = new[] { brand.ToUpperInvariant() } } });

        Assert.Equal(brandCount, filtered["totalCount"]!.GetValue<int>());
        Assert.Equal(
            brands.Select(b => (b!["value"]!.GetValue<string>(), b["count"]!.GetValue<int>())),
            Facet(filtered, "brand")!["values"]!.AsArray().Select(b => (b!["value"]!.GetValue<string>(), b["count"]!.GetValue<int>())));
        Assert.NotNull(Facet(all, "category"));
        Assert.NotNull(Facet(all, "price"));
        Assert.NotNull(Facet(all, "size"));
        Assert.NotNull(Facet(all, "gender"));
    }

    [SkippableFact]
    public async Task Filters_and_price_sort_narrow_and_order_the_hits()
    {
        var result = await SearchAsync(new
        {
            q = "shorts", first = 50, sort = "PRICE_ASC",
            filter = new { attributes = new[] { new { name = "gender", values = new[] { "Women" } }, new { name = "size", values = new[] { "m" } } }, inStockOnly = true, price = new { max = 80m } },
        });

        var hits = result["edges"]!.AsArray().Select(e => e!["node"]!["product"]!).ToList();
        Assert.NotEmpty(hits);
        Assert.All(hits, p => Assert.Contains(p["attributes"]!.AsArray(), a => a!["name"]!.GetValue<string>() == "gender" && a["value"]!.GetValue<string>() == "women"));
        var prices = hits.Select(p => p["lowestPrice"]!["amount"]!.GetValue<decimal>()).ToList();
        Assert.All(prices, p => Assert.True(p <= 80m));
        Assert.Equal(prices.Order(), prices);
    }

    [SkippableFact]
    public async Task Cursors_page_through_every_hit_once()
    {
        var seen = new List<string>();
        string? after = null;
        int total;
        do
        {
            var page = await SearchAsync(new { q = "shorts", first = 7, after });
            total = page["totalCount"]!.GetValue<int>();
            seen.AddRange(page["edges"]!.AsArray().Select(e => e!["node"]!["product"]!["id"]!.GetValue<string>()));
            after = page["pageInfo"]!["hasNextPage"]!.GetValue<bool>() ? page["pageInfo"]!["endCursor"]!.GetValue<string>() : null;
        } while (after is not null);

        Assert.Equal(total, seen.Count);
        Assert.Equal(total, seen.Distinct().Count());
    }

    [SkippableFact]
    public async Task A_new_listing_is_searchable_once_the_indexer_has_its_change()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        var category = await api.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));

        var created = (await seller.PostGraphQLAsync("""
            mutation($input: ListingInput!) { createListing(input: $input) { listing { id } userErrors { code } } }
            """, new { input = new { sku = "ZEBRA-KITE-1", price = 42m, stock = 3, publish = true, product = new { title = "Zebra Striped Stunt Kite", brand = "Skyward", categorySlug = category } } }))
            .DataOrFail()["createListing"]!;
        Assert.Empty(created["userErrors"]!.AsArray());

        var result = await SearchAsync(new { q = "zebra kite" });

        Assert.Equal(["Zebra Striped Stunt Kite"], Titles(result));
    }

    [SkippableFact]
    public async Task A_suspended_sellers_only_offers_leave_search()
    {
        var (sellerId, productTitle) = await api.QueryDbAsync(async db =>
        {
            // A product offered by exactly one active seller.
            var single = await db.Offers.Where(o => o.Status == Api.Catalog.OfferStatus.Active)
                .GroupBy(o => o.ProductId).Where(g => g.Select(o => o.SellerId).Distinct().Count() == 1)
                .Select(g => new { ProductId = g.Key, SellerId = g.Min(o => o.SellerId) })
                .OrderBy(x => x.ProductId).FirstAsync();
            var title = await db.Products.Where(p => p.Id == single.ProductId).Select(p => p.Title).SingleAsync();
            return (single.SellerId, title);
        });
        Assert.Contains(productTitle, Titles(await SearchAsync(new { q = productTitle, first = 50 })));

        using var admin = api.CreateClient(api.AdminToken());
        (await admin.PostGraphQLAsync("mutation($id: ID!) { suspendSeller(input: {sellerId: $id, reason: \"test\"}) { seller { status } } }",
            new { id = $"gid://marketplace/Seller/{sellerId}" })).DataOrFail();
        try
        {
            Assert.DoesNotContain(productTitle, Titles(await SearchAsync(new { q = productTitle, first = 50 })));
        }
        finally
        {
            (await admin.PostGraphQLAsync("mutation($id: ID!) { approveSeller(input: {sellerId: $id}) { seller { status } } }",
                new { id = $"gid://marketplace/Seller/{sellerId}" })).DataOrFail();
        }
        Assert.Contains(productTitle, Titles(await SearchAsync(new { q = productTitle, first = 50 })));
    }

    [SkippableTheory]
    [InlineData("title:(*")]
    [InlineData("\"unbalanced shorts")]
    [InlineData("*?~^")]
    [InlineData("shorts\u0000\u0007\u001b[31m")]
    [InlineData("AND OR NOT")]
    public async Task Query_syntax_and_control_characters_are_plain_text(string query)
    {
        await api.CaughtUpAsync();
        var response = await api.CreateClient().PostGraphQLAsync(Search, new { q = query });

        Assert.Null(response.Errors);
        Assert.NotNull(response.DataOrFail()["search"]!["totalCount"]);
    }

    [SkippableTheory]
    [InlineData("""{"q": "shorts", "first": 500}""")]
    [InlineData("""{"q": "shorts", "filter": {"price": {"min": 50, "max": 10}}}""")]
    [InlineData("""{"q": "shorts", "filter": {"price": {"min": -1}}}""")]
    [InlineData("""{"q": "shorts", "after": "not-a-cursor"}""")]
    [InlineData("""{"q": "shorts", "filter": {"categorySlugs": ["no-such-category"]}}""")]
    public async Task Bad_arguments_are_a_bad_user_input_error(string variables)
    {
        var response = await api.CreateClient().PostGraphQLAsync(Search, JsonNode.Parse(variables));

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
    }

    [SkippableFact]
    public async Task A_query_of_ten_thousand_characters_is_refused_clearly()
    {
        var response = await api.CreateClient().PostGraphQLAsync(Search, new { q = new string('a', 10_000) });

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
    }

    [SkippableFact]
    public async Task An_unknown_attribute_finds_nothing()
    {
        var result = await SearchAsync(new { q = "shorts", filter = new { attributes = new[] { new { name = "flavour", values = new[] { "mint" } } } } });

        Assert.Equal(0, result["totalCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task Suggestions_complete_a_prefix_with_titles_brands_and_categories()
    {
        await api.CaughtUpAsync();
        var suggestions = (await api.CreateClient().PostGraphQLAsync(
            "{ searchSuggestions(prefix: \"sho\", first: 10) { text kind product { title } categorySlug } }")).DataOrFail()["searchSuggestions"]!.AsArray();

        Assert.NotEmpty(suggestions);
        Assert.All(suggestions, s => Assert.Contains(s!["text"]!.GetValue<string>().Split(' ', '-'), w => w.StartsWith("sho", StringComparison.OrdinalIgnoreCase)));
    }
}
