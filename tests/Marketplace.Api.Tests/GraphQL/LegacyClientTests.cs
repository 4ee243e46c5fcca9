using System.Net;
using System.Text;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>The GraphQL-over-HTTP specification's rules for clients that predate application/graphql-response+json.</summary>
public sealed class LegacyClientTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private async Task<HttpResponseMessage> SendAsync(string body, string? accept)
    {
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        return await client.SendAsync(request);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    public async Task Legacy_clients_get_application_json_and_their_request_errors_with_200(string? accept)
    {
        var cases = new[]
        {
            ("{\"query\":\"{ products(first: \"}", "GRAPHQL_PARSE_FAILED"),
            ("{\"query\":\"{ noSuchField }\"}", "GRAPHQL_VALIDATION_FAILED"),
            ("{\"query\":\"query($n: Int!) { products(first: $n) { totalCount } }\",\"variables\":{\"n\":\"three\"}}", "BAD_USER_INPUT"),
        };
        foreach (var (body, code) in cases)
        {
            using var response = await SendAsync(body, accept);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var read = await GraphQLClient.ReadAsync(response);
            Assert.Null(read.Body["data"]);
            Assert.Equal(code, read.FirstErrorCode);
        }
    }

    [Fact]
    public async Task A_body_that_is_not_a_graphql_request_is_400_for_every_client()
    {
        using var response = await SendAsync("{\"query\": ", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Graphql_response_json_clients_keep_400_for_request_errors()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("{ noSuchField }");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("application/graphql-response+json", response.ContentType);
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.FirstErrorCode);
    }
}
