using System.Net;
using System.Text;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Listings;

public sealed class BulkImportTestsOnSqlite(MarketplaceApiFactory host) : BulkImportTests<MarketplaceApiFactory>(host);

public sealed class BulkImportTestsOnPostgres(PostgresMarketplaceApiFactory host) : BulkImportTests<PostgresMarketplaceApiFactory>(host);

public abstract class BulkImportTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string Bulk = """
        mutation($input: BulkUpsertListingsInput!) { bulkUpsertListings(input: $input) { created updated rejected userErrors { code } } }
        """;

    private async Task<HttpClient> SellerAsync(int index)
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(index).Select(s => s.Handle).FirstAsync());
        return api.CreateClient(await api.SellerTokenAsync(handle));
    }

    [SkippableFact]
    public async Task Five_thousand_realistic_rows_are_sent_in_one_request_and_all_created()
    {
        using var seller = await SellerAsync(0);
        var categories = await api.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).Take(10).ToListAsync());
        var colors = new[] { "Black", "Navy", "Olive", "Sand", "Red" };
        var rows = Enumerable.Range(0, 5_000).Select(i => new
        {
            sku = $"IMPORT-{i:00000}",
            price = 19.99m + i % 50,
            compareAtPrice = 39.99m + i % 50,
            stock = i % 40,
            publish = true,
            product = new
            {
                title = $"Everyday Cotton Crew Tee {colors[i % 5]} No. {i}",
                brand = "Northfold",
                categorySlug = categories[i % categories.Count],
                description = "Soft midweight cotton jersey with a relaxed fit, ribbed crew neck and double-stitched hems. Machine washable.",
                attributes = new[] { new { name = "color", value = colors[i % 5] }, new { name = "size", value = "M" }, new { name = "material", value = "cotton" } },
                images = new[] { new { url = $"https://cdn.example.test/northfold/tee-{i}-front.jpg", altText = "Front view" } },
            },
        }).ToArray();
        var body = System.Text.Json.JsonSerializer.Serialize(new { query = Bulk, variables = new { input = new { rows } } });

        using var response = await seller.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var payload = (await GraphQLClient.ReadAsync(response)).DataOrFail()["bulkUpsertListings"]!;

        Assert.True(body.Length > 256 * 1024, "the rows should exceed the anonymous limit");
        Assert.Equal(5_000, payload["created"]!.GetValue<int>());
        Assert.Equal(0, payload["rejected"]!.GetValue<int>());
        Assert.Equal(5_000, await api.QueryDbAsync(db => db.Offers.CountAsync(o => o.Sku.StartsWith("IMPORT-"))));
        Assert.Equal(15_000, await api.QueryDbAsync(db => db.ProductAttributes.CountAsync(a => db.Products.Any(p => p.Id == a.ProductId && p.Title.StartsWith("Everyday Cotton Crew Tee")))));
        var image = await api.QueryDbAsync(db => db.ProductImages.Where(i => i.Url == "https://cdn.example.test/northfold/tee-4999-front.jpg")
            .Select(i => new { i.AltText, Title = db.Products.Where(p => p.Id == i.ProductId).Select(p => p.Title).Single() }).SingleAsync());
        Assert.Equal(("Front view", "Everyday Cotton Crew Tee Red No. 4999"), (image.AltText, image.Title));
    }

    [SkippableFact]
    public async Task A_body_above_the_small_limit_is_refused_to_anonymous_callers_and_buyers_and_accepted_from_a_seller()
    {
        var padding = new string(' ', 300 * 1024);
        StringContent Body() => new($$"""{"query":"{ __typename {{padding}} }"}""", Encoding.UTF8, "application/json");
        using var seller = await SellerAsync(1);
        using var buyer = api.CreateClient(api.BuyerToken());

        using var anonymous = await api.CreateClient().PostAsync("/graphql", Body());
        using var asBuyer = await buyer.PostAsync("/graphql", Body());
        using var asSeller = await seller.PostAsync("/graphql", Body());

        Assert.Equal("REQUEST_TOO_LARGE", (await GraphQLClient.ReadAsync(anonymous)).FirstErrorCode);
        Assert.Equal("REQUEST_TOO_LARGE", (await GraphQLClient.ReadAsync(asBuyer)).FirstErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, asSeller.StatusCode);
    }
}
