using System.Net;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>Limits checked before validation, with the default settings.</summary>
public sealed class DocumentLimitsTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task A_fragment_bomb_is_refused_by_its_cost_at_once()
    {
        using var client = api.CreateClient();
        var bomb = Bombs.FragmentBomb();

        var response = await Bombs.SendAndCheckServerStaysIdleAsync(client, bomb);

        Assert.True(bomb.Length < 1_000, $"{bomb.Length} bytes");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_COST_EXCEEDED", response.FirstErrorCode);
        Assert.True(response.Body["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>() >= 1e9);
    }

    [Fact]
    public async Task Ten_thousand_repeated_selections_are_refused_while_lexing()
    {
        using var client = api.CreateClient();

        var response = await Bombs.SendAndCheckServerStaysIdleAsync(client, Bombs.RepeatedSelection());

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_TOKENS_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task More_fields_than_the_limit_are_refused_before_validation()
    {
        using var client = api.CreateClient();

        var response = await Bombs.SendAndCheckServerStaysIdleAsync(client, "{ categories { " + string.Concat(Enumerable.Repeat("slug ", 600)) + "} }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_FIELDS_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task More_fragment_spreads_than_the_limit_are_refused()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("{ " + string.Concat(Enumerable.Repeat("...F ", 101)) + "} fragment F on Query { __typename }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_FRAGMENT_SPREADS_EXCEEDED", response.FirstErrorCode);
    }

    [Fact]
    public async Task More_directives_than_the_limit_are_refused()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("{ " + string.Concat(Enumerable.Repeat("__typename @include(if: true) ", 51)) + "}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("MAX_DIRECTIVES_EXCEEDED", response.FirstErrorCode);
    }

    [Theory]
    [InlineData("selection")]
    [InlineData("list")]
    [InlineData("object")]
    public async Task Nesting_past_the_parser_depth_is_a_parse_failure_logged_in_one_line(string kind)
    {
        using var client = api.CreateClient();
        var query = kind switch
        {
            "selection" => Bombs.NestedSelection(300),
            "list" => "{ products(where: {categorySlug: " + new string('[', 300) + "\"x\"" + new string(']', 300) + "}) { totalCount } }",
            _ => "{ products(where: " + string.Concat(Enumerable.Repeat("{price: ", 300)) + "1" + new string('}', 300) + ") { totalCount } }",
        };
        api.Logs.Clear();

        var response = await Bombs.SendAndCheckServerStaysIdleAsync(client, query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("GRAPHQL_PARSE_FAILED", response.FirstErrorCode);
        var logged = api.Logs.Entries.Where(e => e.Category.StartsWith("Marketplace", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(logged);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
    }

    [Fact]
    public async Task The_IDE_introspection_query_fits_every_limit()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync(IntrospectionQuery.Text, operationName: "IntrospectionQuery");

        Assert.NotNull(response.DataOrFail()["__schema"]!["types"]);
    }
}
