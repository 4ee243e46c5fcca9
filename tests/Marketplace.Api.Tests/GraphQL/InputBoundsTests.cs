using System.Text.Json.Nodes;
using Marketplace.Api.Data;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class InputBoundsTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Products = "query($where: ProductWhere) { products(where: $where, first: 5) { totalCount } }";

    private static void AssertRefused(GraphQLResponse response, params string[] mentions)
    {
        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        var message = response.Errors![0]!["message"]!.GetValue<string>();
        foreach (var mention in mentions) Assert.Contains(mention, message);
        Assert.Null(response.Data?["products"]);
    }

    [Fact]
    public async Task More_brands_than_the_limit_are_refused_naming_the_field_and_the_limit()
    {
        var brands = Enumerable.Range(0, 5_000).Select(i => $"brand-{i}").ToArray();

        var response = await api.CreateClient().PostGraphQLAsync(Products, new { where = new { brands } });

        AssertRefused(response, "brands", Limits.FilterBrands.ToString());
    }

    [Fact]
    public async Task Fifteen_hundred_attribute_filters_are_refused_before_any_sql()
    {
        var attributes = Enumerable.Range(0, 1_500).Select(i => new { name = "color", values = new[] { $"c{i}" } }).ToArray();
        api.SqlCommands.Reset();

        var response = await api.CreateClient().PostGraphQLAsync(Products, new { where = new { attributes } });

        AssertRefused(response, "attributes", Limits.FilterAttributes.ToString());
        Assert.Equal(0, api.SqlCommands.Count);
    }

    [Fact]
    public async Task Too_many_values_in_one_attribute_filter_written_in_the_query_are_refused()
    {
        var values = string.Join(", ", Enumerable.Range(0, Limits.FilterAttributeValues + 1).Select(i => $"\"v{i}\""));

        var response = await api.CreateClient().PostGraphQLAsync($$"""{ products(where: {attributes: [{name: "color", values: [{{values}}]}]}) { totalCount } }""");

        AssertRefused(response, "values", Limits.FilterAttributeValues.ToString());
    }

    [Fact]
    public async Task A_filter_string_longer_than_the_model_allows_is_refused()
    {
        var response = await api.CreateClient().PostGraphQLAsync(Products, new { where = new { brands = new[] { new string('b', Limits.Name + 1) } } });

        AssertRefused(response, "brands", Limits.Name.ToString());
    }

    [Fact]
    public async Task More_ids_than_nodes_takes_are_refused()
    {
        var ids = Enumerable.Range(1, 101).Select(i => $"gid://marketplace/Product/{i}").ToArray();

        var response = await api.CreateClient().PostGraphQLAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", new { ids });

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("100", response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Decimals_maximum_as_a_price_filter_is_bad_user_input_not_internal()
    {
        var response = await api.CreateClient().PostGraphQLAsync(Products, new { where = new { price = new { max = decimal.MaxValue } } });

        AssertRefused(response, "max");
    }

    [Fact]
    public async Task More_images_than_a_product_holds_are_refused()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == Marketplace.Api.Sellers.SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        var images = Enumerable.Range(0, Limits.ImagesPerProduct + 1).Select(i => new { url = $"https://img.test/{i}.jpg" }).ToArray();

        var response = await seller.PostGraphQLAsync("mutation($input: ListingInput!) { createListing(input: $input) { listing { id } } }",
            new { input = new { sku = "IMG-1", price = 10m, product = new { title = "Many images", categorySlug = "x", images } } });

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("images", response.Errors![0]!["message"]!.GetValue<string>());
        Assert.Equal(0, await api.QueryDbAsync(db => db.Offers.CountAsync(o => o.Sku == "IMG-1")));
    }

    [Fact]
    public async Task A_seller_handle_filter_longer_than_the_model_allows_is_refused_when_written_in_the_query()
    {
        var literal = await api.CreateClient().PostGraphQLAsync($$"""{ products(where: {sellerHandle: "{{new string('h', Limits.Handle + 1)}}"}) { totalCount } }""");

        AssertRefused(literal, "sellerHandle", Limits.Handle.ToString());
    }

    private async Task<JsonNode> CreateSellerAsync(object input)
    {
        using var admin = api.CreateClient(api.AdminToken());
        return (await admin.PostGraphQLAsync("mutation($input: CreateSellerInput!) { createSeller(input: $input) { seller { id } userErrors { code field } } }",
            new { input })).DataOrFail()["createSeller"]!;
    }

    private static IEnumerable<string> Codes(JsonNode payload) => payload["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>());

    [Fact]
    public async Task Decimals_maximum_as_a_commission_rate_is_a_user_error()
    {
        var payload = await CreateSellerAsync(new { handle = "huge-rate", name = "Huge", commissionRate = decimal.MaxValue });

        Assert.Equal(["INVALID_COMMISSION_RATE"], Codes(payload));
    }

    [Fact]
    public async Task A_phone_number_longer_than_the_model_allows_is_a_user_error_and_not_stored()
    {
        var payload = await CreateSellerAsync(new { handle = "long-phone", name = "Long phone", contactPhone = new string('5', 10_000) });

        Assert.Equal(["TOO_LONG"], Codes(payload));
        Assert.False(await api.QueryDbAsync(db => db.Sellers.AnyAsync(s => s.Handle == "long-phone")));
    }

    [Fact]
    public async Task Decimals_maximum_as_a_shipping_rate_is_a_user_error()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == Marketplace.Api.Sellers.SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));

        var payload = (await seller.PostGraphQLAsync("mutation($rates: [ShippingRateInput!]) { updateSellerSettings(input: {shippingRates: $rates}) { userErrors { code field } } }",
            new { rates = new[] { new { name = "Standard", countryCode = "US", price = decimal.MaxValue, freeOver = decimal.MaxValue } } })).DataOrFail()["updateSellerSettings"]!;

        Assert.Equal(["INVALID_PRICE", "INVALID_PRICE"], Codes(payload));
    }
}
