using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Tests.Infrastructure;

public sealed record GraphQLResponse(System.Net.HttpStatusCode Status, JsonObject Body, string? ContentType)
{
    public JsonNode? Data => Body["data"];

    public JsonArray? Errors => Body["errors"] as JsonArray;

    public string? FirstErrorCode => Errors?[0]?["extensions"]?["code"]?.GetValue<string>();

    public override string ToString() => Body.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}

public static class GraphQLClient
{
    public static async Task<GraphQLResponse> PostGraphQLAsync(this HttpClient client, string query, object? variables = null, string? operationName = null, object? extensions = null)
    {
        // As a current GraphQL client does; TransportTests cover clients that ask for application/json or nothing.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = JsonContent.Create(new { query, variables, operationName, extensions }) };
        request.Headers.Accept.ParseAdd("application/graphql-response+json");
        var response = await client.SendAsync(request);
        return await ReadAsync(response);
    }

    public static async Task<GraphQLResponse> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("Not a JSON object: " + text);
        return new GraphQLResponse(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The response's data, failing the test with the errors if there are any.</summary>
    public static JsonNode DataOrFail(this GraphQLResponse response)
    {
        Assert.True(response.Errors is null or { Count: 0 }, "GraphQL errors: " + response);
        return response.Data ?? throw new Xunit.Sdk.XunitException("No data: " + response);
    }
}
