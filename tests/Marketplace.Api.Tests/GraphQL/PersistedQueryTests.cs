using System.Net;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class PersistedQueryTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static object Extension(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    [Fact]
    public async Task An_unknown_hash_answers_PERSISTED_QUERY_NOT_FOUND()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync(null!, extensions: Extension(Sha256("{ unknown }")));

        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", response.FirstErrorCode);
    }

    [Fact]
    public async Task A_query_sent_with_its_hash_is_registered_and_then_runs_by_hash_alone_over_get()
    {
        const string query = "{ products(first: 1) { edges { node { slug } } } }";
        var hash = Sha256(query);
        using var client = api.CreateClient();

        var registered = await client.PostGraphQLAsync(query, extensions: Extension(hash));
        registered.DataOrFail();

        var extensions = Uri.EscapeDataString("{\"persistedQuery\":{\"version\":1,\"sha256Hash\":\"" + hash + "\"}}");
        using var get = await client.GetAsync($"/graphql?extensions={extensions}");
        var byHash = await GraphQLClient.ReadAsync(get);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(registered.Data!.ToJsonString(), byHash.DataOrFail().ToJsonString());
        Assert.Contains("public", get.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Registered_queries_live_in_the_database_for_every_instance()
    {
        const string query = "{ categories { slug } }";
        var hash = Sha256(query);
        using var client = api.CreateClient();
        (await client.PostGraphQLAsync(query, extensions: Extension(hash))).DataOrFail();

        var stored = await api.QueryDbAsync(db => Task.FromResult(db.PersistedQueries.Single(q => q.Hash == hash).Query));
        Assert.Equal(query, stored);
    }

    [Fact]
    public async Task A_hash_that_does_not_match_its_query_is_refused()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ __typename }", extensions: Extension(Sha256("{ something else }")));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("PERSISTED_QUERY_HASH_MISMATCH", response.FirstErrorCode);
    }

    [Fact]
    public async Task A_query_that_does_not_validate_is_not_registered()
    {
        const string query = "{ products { noSuchField } }";
        using var client = api.CreateClient();

        var sent = await client.PostGraphQLAsync(query, extensions: Extension(Sha256(query)));
        var byHash = await client.PostGraphQLAsync(null!, extensions: Extension(Sha256(query)));

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", sent.FirstErrorCode);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", byHash.FirstErrorCode);
    }

    [Fact]
    public async Task A_query_over_the_token_limit_is_not_registered()
    {
        var query = "query($ids: [Int] = [" + string.Join(",", Enumerable.Repeat("1", 2_100)) + "]) { __typename }";
        using var client = api.CreateClient();

        var sent = await client.PostGraphQLAsync(query, extensions: Extension(Sha256(query)));

        Assert.Equal("MAX_TOKENS_EXCEEDED", sent.FirstErrorCode);
        Assert.False(await api.QueryDbAsync(db => db.PersistedQueries.AnyAsync(q => q.Hash == Sha256(query))));
    }

    [Fact]
    public async Task A_hash_that_is_not_64_hex_digits_is_refused_before_any_lookup()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync(null!, extensions: Extension(new string('z', 10_000)));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_REQUEST", response.FirstErrorCode);
    }

    [Fact]
    public async Task An_unknown_protocol_version_is_refused()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ __typename }", extensions: new { persistedQuery = new { version = "abc", sha256Hash = Sha256("{ __typename }") } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_SUPPORTED", response.FirstErrorCode);
    }
}
