using System.Net;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>The default budget against the work queries really ask for.</summary>
public sealed class CostTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    public const string ProductCardPage = """
        { products(first: 100) { edges { node {
            id title slug
            images { url altText }
            lowestPrice { amount currencyCode }
            bestOffer { id price { amount currencyCode } compareAtPrice { amount } seller { handle name } }
        } } pageInfo { hasNextPage endCursor } } }
        """;

    public const string FanOut = """
        { products(first: 20) { edges { node { offers { seller {
            listings(first: 20) { edges { node { product { offers { sku price { amount } } } } } }
        } } } } } }
        """;

    private static double Cost(GraphQLResponse response) => response.Body["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>();

    [Fact]
    public async Task Each_value_in_a_list_argument_costs_one()
    {
        using var client = api.CreateClient();
        const string Filtered = "query($where: ProductWhere) { products(first: 5, where: $where) { edges { node { id } } } }";
        var brands = Enumerable.Range(0, 40).Select(i => $"brand-{i}").ToArray();
        var values = Enumerable.Range(0, 25).Select(i => $"value-{i}").ToArray();

        var plain = Cost(await client.PostGraphQLAsync(Filtered));
        var filtered = Cost(await client.PostGraphQLAsync(Filtered, new { where = new { brands, attributes = new[] { new { name = "color", values } } } }));

        Assert.Equal(plain + 40 + 25, filtered);
    }

    [Fact]
    public async Task The_default_budget_admits_a_page_of_100_product_cards()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync(ProductCardPage);

        Assert.Equal(100, response.DataOrFail()["products"]!["edges"]!.AsArray().Count);
        Assert.InRange(Cost(response), 500, 1_000);
    }

    [Fact]
    public async Task The_default_budget_refuses_offers_of_products_of_sellers_of_products()
    {
        using var client = api.CreateClient();

        var response = await Bombs.SendAndCheckServerStaysIdleAsync(client, FanOut);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_COST_EXCEEDED", response.FirstErrorCode);
        Assert.True(Cost(response) > 10_000, $"{Cost(response)}");
    }

    [Fact]
    public async Task Offers_are_paged_with_a_default_and_a_cap_counted_in_the_cost()
    {
        using var client = api.CreateClient();
        var productId = await api.QueryDbAsync(db => db.Products.Where(p => p.OfferCount >= 2).Select(p => p.Id).FirstAsync());
        var globalId = Api.GraphQL.Relay.GlobalId.Encode("Product", productId);

        var one = await client.PostGraphQLAsync("query($id: ID!) { product(id: $id) { offers(first: 1) { sku } } }", new { id = globalId });
        var all = await client.PostGraphQLAsync("query($id: ID!) { product(id: $id) { offers { sku } } }", new { id = globalId });
        var tooMany = await client.PostGraphQLAsync("query($id: ID!) { product(id: $id) { offers(first: 51) { sku } } }", new { id = globalId });

        Assert.Single(one.DataOrFail()["product"]!["offers"]!.AsArray());
        Assert.True(all.DataOrFail()["product"]!["offers"]!.AsArray().Count >= 2);
        Assert.Equal("BAD_USER_INPUT", tooMany.FirstErrorCode);
        var perOffer = await client.PostGraphQLAsync("{ products(first: 10) { nodes { offers(first: 50) { seller { handle } } } } }");
        Assert.Equal(1 + 1 + 10 * (1 + 50), Cost(perOffer));
    }

    [Fact]
    public async Task Thirty_aliased_schema_introspections_are_not_free()
    {
        using var client = api.CreateClient();
        var query = "{ " + string.Concat(Enumerable.Range(1, 30).Select(i => $"s{i}: __schema {{ types {{ name fields {{ name }} }} }} ")) + "}";

        var response = await Bombs.SendAndCheckServerStaysIdleAsync(client, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_COST_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Bulk_results_cost_per_row_so_nested_seller_listings_are_refused()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).Select(s => s.Handle).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        var rows = Enumerable.Range(0, 250).Select(i => new { sku = $"COST-{i}", price = 10m, productId = "unknown" }).ToArray();

        var fanned = await Bombs.SendAndCheckServerStaysIdleAsync(seller, """
            mutation($rows: [ListingInput!]!) { bulkUpsertListings(input: {rows: $rows}) {
              rows { listing { seller { listings(first: 100) { edges { node { sku } } } } } } } }
            """, new { rows });
        var counted = await seller.PostGraphQLAsync("""
            mutation($rows: [ListingInput!]!) { bulkUpsertListings(input: {rows: $rows}) {
              created rejected rows { index outcome listing { sku } userErrors { code } } } }
            """, new { rows = rows[..3] });

        Assert.Equal("MAX_COST_EXCEEDED", fanned.FirstErrorCode);
        Assert.True(Cost(fanned) > 250 * 100, $"{Cost(fanned)}");
        Assert.Equal(0, await api.QueryDbAsync(db => db.Offers.CountAsync(o => o.Sku.StartsWith("COST-"))));
        Assert.Equal(3, counted.DataOrFail()["bulkUpsertListings"]!["rejected"]!.GetValue<int>());
        Assert.Equal(1 + 1 + 3 * (1 + 1), Cost(counted));
    }
}
