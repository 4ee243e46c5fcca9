using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>A root field that fails for its own arguments is null; the other root fields still answer.</summary>
public sealed class PartialResultTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task A_page_too_large_nulls_only_its_own_root_field()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("{ products(first: 101) { totalCount } sellers(first: 2) { nodes { handle } } }");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.Status);
        Assert.Null(response.Data!["products"]);
        Assert.Equal(2, response.Data!["sellers"]!["nodes"]!.AsArray().Count);
        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Equal("products", response.Errors![0]!["path"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_cursor_nulls_only_its_own_root_field()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("""{ sellers(first: 2, after: "not-a-cursor") { totalCount } products(first: 2) { nodes { title } } }""");

        Assert.Null(response.Data!["sellers"]);
        Assert.Equal(2, response.Data!["products"]!["nodes"]!.AsArray().Count);
        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
    }
}
