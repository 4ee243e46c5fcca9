using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class TransportTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task Post_answers_graphql_response_json_by_default_with_the_cost()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ products(first: 2) { edges { node { title } } } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/graphql-response+json", response.ContentType);
        Assert.Equal(2, response.DataOrFail()["products"]!["edges"]!.AsArray().Count);
        var cost = response.Body["extensions"]!["cost"]!;
        Assert.True(cost["requestedQueryCost"]!.GetValue<double>() > 0);
        Assert.Equal(10_000, cost["maximumAvailable"]!.GetValue<int>());
    }

    [Fact]
    public async Task Clients_that_accept_only_json_get_application_json()
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Query", (await GraphQLClient.ReadAsync(response)).DataOrFail()["__typename"]!.GetValue<string>());
    }

    [Fact]
    public async Task Clients_that_accept_no_json_get_406()
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("""{"query":"{ __typename }"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Get_runs_queries_with_variables()
    {
        using var client = api.CreateClient();
        var query = Uri.EscapeDataString("query Page($n: Int) { products(first: $n) { edges { node { id } } } }");
        var variables = Uri.EscapeDataString("""{"n":3}""");
        var response = await GraphQLClient.ReadAsync(await client.GetAsync($"/graphql?query={query}&variables={variables}"));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(3, response.DataOrFail()["products"]!["edges"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_mutation_over_get_answers_405_and_changes_nothing()
    {
        using var client = api.CreateClient(api.AdminToken());
        var handle = "get-mutation-seller";
        var query = Uri.EscapeDataString($$"""mutation { createSeller(input: {handle: "{{handle}}", name: "X"}) { seller { id } } }""");
        using var response = await client.GetAsync($"/graphql?query={query}");
        var body = await GraphQLClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
        Assert.Equal("METHOD_NOT_ALLOWED", body.FirstErrorCode);
        Assert.False(await api.QueryDbAsync(db => Task.FromResult(db.Sellers.Any(s => s.Handle == handle))));
    }

    [Theory]
    [InlineData("{ products(first: 2 { id }", "GRAPHQL_PARSE_FAILED")]
    [InlineData("{ productz { id } }", "GRAPHQL_VALIDATION_FAILED")]
    [InlineData("query Q($n: Int!) { products(first: $n) { totalCount } }", "BAD_USER_INPUT")]
    public async Task Documents_that_do_not_parse_or_validate_answer_400_with_a_code(string query, string code)
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(code, response.FirstErrorCode);
        Assert.Null(response.Data);
    }

    [Fact]
    public async Task A_body_that_is_not_json_answers_400()
    {
        using var client = api.CreateClient();
        using var response = await client.PostAsync("/graphql", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BAD_REQUEST", (await GraphQLClient.ReadAsync(response)).FirstErrorCode);
    }

    [Fact]
    public async Task A_body_that_is_not_json_typed_answers_415()
    {
        using var client = api.CreateClient();
        using var response = await client.PostAsync("/graphql", new StringContent("{ __typename }", Encoding.UTF8, "text/plain"));

        var body = await GraphQLClient.ReadAsync(response);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("UNSUPPORTED_MEDIA_TYPE", body.FirstErrorCode);
        Assert.Equal(0, body.Body["extensions"]!["cost"]!["requestedQueryCost"]!.GetValue<double>());
    }

    [Fact]
    public async Task Pages_above_100_are_refused_with_a_clear_error()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ products(first: 101) { totalCount } }");

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains("100", response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Errors_never_carry_a_stack_trace()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("""{ products(first: 2, after: "bm90IGEgY3Vyc29y") { totalCount } }""");

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.DoesNotContain(" at ", response.ToString());
    }
}
