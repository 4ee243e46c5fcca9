using System.Net;
using System.Text;
using Marketplace.Api.GraphQL;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class LimitsTests(LimitsTests.SmallLimitsApi api) : IClassFixture<LimitsTests.SmallLimitsApi>
{
    public sealed class SmallLimitsApi : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:Limits:MaxDepth"] = "6",
            ["GraphQL:Limits:MaxCost"] = "300",
            ["GraphQL:Limits:MaxAliases"] = "3",
            ["GraphQL:Limits:MaxRequestBytes"] = "2048",
            ["GraphQL:Limits:SchemaIntrospectionCost"] = "100",
        };
    }

    [Fact]
    public async Task Too_deep_a_query_is_refused_with_MAX_DEPTH_EXCEEDED()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ products(first: 1) { edges { node { category { parent { parent { parent { name } } } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_DEPTH_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Introspection_may_go_as_deep_as_the_IDE_needs_and_no_deeper()
    {
        using var client = api.CreateClient();
        // Like the IDE's introspection query, a walk down ofType chains: __schema, types, fields, type, the ofTypes and name.
        static string IntrospectionOfDepth(int depth) =>
            "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", depth - 5)) + "name" + new string('}', depth);

        var allowed = await client.PostGraphQLAsync(IntrospectionOfDepth(GraphQLRegistration.IntrospectionMaxDepth));
        var tooDeep = await client.PostGraphQLAsync(IntrospectionOfDepth(GraphQLRegistration.IntrospectionMaxDepth + 1));

        allowed.DataOrFail();
        Assert.Equal("MAX_DEPTH_EXCEEDED", tooDeep.FirstErrorCode);
    }

    [Fact]
    public async Task Too_costly_a_query_is_refused_with_MAX_COST_EXCEEDED_and_its_cost()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ products(first: 100) { edges { node { title offers { sku seller { handle } } } } } }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_COST_EXCEEDED", response.FirstErrorCode);
        Assert.True(response.Body["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>() > 300);
    }

    [Fact]
    public async Task The_cost_grows_with_the_page_size()
    {
        using var client = api.CreateClient();
        var small = await client.PostGraphQLAsync("{ products(first: 2) { edges { node { title } } } }");
        var large = await client.PostGraphQLAsync("{ products(first: 20) { edges { node { title } } } }");

        double Cost(GraphQLResponse r) => r.Body["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>();
        Assert.True(Cost(large) > Cost(small) * 5, $"{Cost(small)} vs {Cost(large)}");
    }

    [Fact]
    public async Task Too_many_aliases_are_refused_with_MAX_ALIASES_EXCEEDED()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ a: __typename b: __typename c: __typename d: __typename }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_ALIASES_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task Too_large_a_body_is_refused_with_REQUEST_TOO_LARGE()
    {
        using var client = api.CreateClient();
        var padding = new string(' ', 4096);
        using var response = await client.PostAsync("/graphql",
            new StringContent($$"""{"query":"{ __typename {{padding}} }"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", (await GraphQLClient.ReadAsync(response)).FirstErrorCode);
    }

    [Fact]
    public async Task Introspection_that_fans_the_schema_out_is_refused()
    {
        using var client = api.CreateClient();
        var ide = await client.PostGraphQLAsync("{ __schema { types { name fields { name type { name fields { name } } } } } }");
        var fanned = await client.PostGraphQLAsync("""
            query { __schema { ...T } }
            fragment T on __Schema { types { fields { type { fields { type { fields { name } } } } } } }
            """);

        ide.DataOrFail();
        Assert.Equal(HttpStatusCode.BadRequest, fanned.Status);
        Assert.Equal("MAX_INTROSPECTION_DEPTH_EXCEEDED", fanned.FirstErrorCode);
    }
}
