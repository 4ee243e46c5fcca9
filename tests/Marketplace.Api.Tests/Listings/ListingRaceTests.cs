using System.Text.Json.Nodes;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Listings;

/// <summary>Concurrent writers through real HTTP: conflicts resolve themselves or answer a retryable code.</summary>
public sealed class ListingRaceTestsOnSqlite(MarketplaceApiFactory host) : ListingRaceTests<MarketplaceApiFactory>(host);

public sealed class ListingRaceTestsOnPostgres(PostgresMarketplaceApiFactory host) : ListingRaceTests<PostgresMarketplaceApiFactory>(host);

public abstract class ListingRaceTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string Create = """
        mutation($input: ListingInput!) { createListing(input: $input) { listing { id product { id slug } } userErrors { code message } } }
        """;

    private const string Bulk = """
        mutation($input: BulkUpsertListingsInput!) { bulkUpsertListings(input: $input) { created updated rejected userErrors { code message } } }
        """;

    private async Task<HttpClient[]> SellersAsync(int count)
    {
        var handles = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).Take(count).ToListAsync());
        Assert.Equal(count, handles.Count);
        return await Task.WhenAll(handles.Select(async h => api.CreateClient(await api.SellerTokenAsync(h))));
    }

    private Task<string> LeafCategoryAsync() => api.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());

    private static JsonNode Created(GraphQLResponse response)
    {
        var payload = response.DataOrFail()["createListing"]!;
        Assert.True(payload["userErrors"]!.AsArray().Count == 0, payload.ToJsonString());
        return payload["listing"]!;
    }

    [SkippableFact]
    public async Task Five_sellers_creating_different_products_with_the_same_title_at_once_all_succeed_with_distinct_slugs()
    {
        var sellers = await SellersAsync(5);
        var category = await LeafCategoryAsync();

        var responses = await Task.WhenAll(sellers.Select((seller, i) => seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = $"RACE-TITLE-{i}", price = 10m + i, product = new { title = "Racing Slug Jacket", categorySlug = category } },
        })));

        var slugs = responses.Select(r => Created(r)["product"]!["slug"]!.GetValue<string>()).ToList();
        Assert.Equal(5, slugs.Distinct().Count());
        Assert.All(slugs, slug => Assert.StartsWith("racing-slug-jacket", slug));
    }

    [SkippableFact]
    public async Task Two_sellers_listing_the_same_new_gtin_at_once_both_end_on_one_product()
    {
        var sellers = await SellersAsync(2);
        var category = await LeafCategoryAsync();
        const string gtin = "00012345678905";

        var responses = await Task.WhenAll(sellers.Select((seller, i) => seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = $"RACE-GTIN-{i}", price = 20m, product = new { title = $"Seller {i}'s name for it", categorySlug = category, gtin } },
        })));

        var productIds = responses.Select(r => Created(r)["product"]!["id"]!.GetValue<string>()).Distinct().ToList();
        Assert.Single(productIds);
        Assert.Equal(1, await api.QueryDbAsync(db => db.Products.CountAsync(p => p.Gtin == gtin)));
    }

    [SkippableFact]
    public async Task Concurrent_bulks_on_one_sellers_skus_each_succeed_or_answer_a_retryable_conflict()
    {
        var seller = (await SellersAsync(1))[0];
        var category = await LeafCategoryAsync();
        object Rows(int price) => new
        {
            rows = Enumerable.Range(0, 100).Select(i => new
            {
                sku = $"RACE-BULK-{i}", price = (decimal)price, stock = 3,
                product = new { title = $"Bulk race item {i}", categorySlug = category, gtin = Gtin(i) },
            }).ToArray(),
        };

        var responses = await Task.WhenAll(Enumerable.Range(1, 4).Select(n => seller.PostGraphQLAsync(Bulk, new { input = Rows(10 + n) })));

        var payloads = responses.Select(r => r.DataOrFail()["bulkUpsertListings"]!).ToList();
        foreach (var payload in payloads)
        {
            var codes = payload["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()).ToList();
            Assert.True(codes.Count == 0 ? payload["created"]!.GetValue<int>() + payload["updated"]!.GetValue<int>() == 100 : codes.SequenceEqual(["CONFLICT"]), payload.ToJsonString());
        }
        Assert.Contains(payloads, p => p["userErrors"]!.AsArray().Count == 0);
        Assert.Equal(100, await api.QueryDbAsync(db => db.Offers.CountAsync(o => o.Sku.StartsWith("RACE-BULK-"))));
        Assert.Equal(100, await api.QueryDbAsync(db => db.Products.CountAsync(p => p.Title.StartsWith("Bulk race item "))));
    }

    [SkippableFact]
    public async Task Racing_writers_log_no_errors_and_no_stacks()
    {
        var sellers = await SellersAsync(4);
        var category = await LeafCategoryAsync();
        var before = api.Logs.Entries.Count;

        var responses = await Task.WhenAll(sellers.Select((seller, i) => seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = $"RACE-LOG-{i}", price = 30m, product = new { title = "Logged race", categorySlug = category, gtin = "4006381333986" } },
        })));

        var logged = api.Logs.Entries.Skip(before).ToList();
        Assert.All(responses, r => Created(r));
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(logged, e => e.Exception is not null);
    }

    /// <summary>A valid GTIN-13 from a 12-digit body: the check digit makes it pass validation.</summary>
    private static string Gtin(int i)
    {
        var body = $"2{i:00000000000}";
        var sum = body.Select((c, k) => (c - '0') * (k % 2 == 0 ? 1 : 3)).Sum();
        return body + (10 - sum % 10) % 10;
    }
}
