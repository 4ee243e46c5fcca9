using System.Net;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Cli;
using Marketplace.Api.Tests.Cli;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.GraphQL;

internal static class Apq
{
    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static object Extension(string hash) => new { persistedQuery = new { version = 1, sha256Hash = hash } };

    public static Task<GraphQLResponse> RegisterAsync(HttpClient client, string query) => client.PostGraphQLAsync(query, extensions: Extension(Sha256(query)));

    public static Task<GraphQLResponse> RunByHashAsync(HttpClient client, string query) => client.PostGraphQLAsync(null!, extensions: Extension(Sha256(query)));
}

public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}

public sealed class PersistedQueryEvictionTests(PersistedQueryEvictionTests.SmallStoreApi api) : IClassFixture<PersistedQueryEvictionTests.SmallStoreApi>
{
    public sealed class SmallStoreApi : MarketplaceApiFactory
    {
        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:PersistedQueries:MaxEntries"] = "3",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task A_full_store_evicts_the_least_recently_used_query_and_touches_a_hash_at_most_once_a_minute()
    {
        using var client = api.CreateClient();
        var start = api.Clock.Now;
        string[] queries = ["{ a: __typename }", "{ b: __typename }", "{ c: __typename }", "{ d: __typename }"];
        for (var i = 0; i < 3; i++)
        {
            api.Clock.Now = start.AddMinutes(i);
            (await Apq.RegisterAsync(client, queries[i])).DataOrFail();
        }

        api.Clock.Now = start.AddMinutes(3);
        (await Apq.RunByHashAsync(client, queries[0])).DataOrFail();
        api.Clock.Now = start.AddMinutes(3.5);
        (await Apq.RunByHashAsync(client, queries[0])).DataOrFail();
        var touched = await api.QueryDbAsync(db => db.PersistedQueries.Where(q => q.Hash == Apq.Sha256(queries[0])).Select(q => q.LastUsedAt).SingleAsync());
        api.Clock.Now = start.AddMinutes(4);
        (await Apq.RegisterAsync(client, queries[3])).DataOrFail();

        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", (await Apq.RunByHashAsync(client, queries[1])).FirstErrorCode);
        foreach (var kept in new[] { queries[0], queries[2], queries[3] })
            (await Apq.RunByHashAsync(client, kept)).DataOrFail();
        Assert.Equal(3, await api.QueryDbAsync(db => db.PersistedQueries.CountAsync()));
        Assert.Equal(start.AddMinutes(3).UtcDateTime, touched);
    }
}

public sealed class PersistedQuerySizeCapTests(PersistedQuerySizeCapTests.TinyStoreApi api) : IClassFixture<PersistedQuerySizeCapTests.TinyStoreApi>
{
    public sealed class TinyStoreApi : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:PersistedQueries:MaxTotalSize"] = "2048",
        };
    }

    [Fact]
    public async Task Registrations_past_the_size_cap_evict_the_oldest()
    {
        using var client = api.CreateClient();
        var queries = Enumerable.Range(1, 3).Select(i => $"{{ q{i}: __typename }} # {new string('x', 1_000)}").ToArray();

        foreach (var query in queries)
            (await Apq.RegisterAsync(client, query)).DataOrFail();

        var storedSize = await api.QueryDbAsync(db => db.PersistedQueries.SumAsync(q => q.Query.Length));
        Assert.InRange(storedSize, 1, 2048);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", (await Apq.RunByHashAsync(client, queries[0])).FirstErrorCode);
        (await Apq.RunByHashAsync(client, queries[2])).DataOrFail();
    }
}

public sealed class AnonymousRegistrationTests(AnonymousRegistrationTests.SignedInRegistrationApi api) : IClassFixture<AnonymousRegistrationTests.SignedInRegistrationApi>
{
    public sealed class SignedInRegistrationApi : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:PersistedQueries:AllowAnonymousRegistration"] = "false",
        };
    }

    [Fact]
    public async Task Without_anonymous_registration_only_signed_in_clients_register_but_anyone_runs_the_hash()
    {
        const string query = "{ categories { name } }";
        using var anonymous = api.CreateClient();
        using var buyer = api.CreateClient(api.BuyerToken());

        (await Apq.RegisterAsync(anonymous, query)).DataOrFail();
        var afterAnonymous = await Apq.RunByHashAsync(anonymous, query);
        (await Apq.RegisterAsync(buyer, query)).DataOrFail();
        var afterSignedIn = await Apq.RunByHashAsync(anonymous, query);

        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", afterAnonymous.FirstErrorCode);
        afterSignedIn.DataOrFail();
    }
}

[Collection(nameof(ConsoleCollection))]
public sealed class AllowListTests(AllowListTests.AllowListApi api) : IClassFixture<AllowListTests.AllowListApi>
{
    public sealed class AllowListApi : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:PersistedQueries:Mode"] = "AllowList",
        };
    }

    private async Task<int> ImportAsync(string json)
    {
        var file = Path.Combine(api.DataDirectory, $"allow-list-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        return await MarketplaceCli.RunAsync(["persisted-queries", "import", file, "--DataDirectory", api.DataDirectory]);
    }

    [Fact]
    public async Task Query_text_is_refused_and_unknown_hashes_are_not_found()
    {
        using var client = api.CreateClient();

        var text = await client.PostGraphQLAsync("{ __typename }");
        var textWithHash = await Apq.RegisterAsync(client, "{ __typename }");
        var unknown = await Apq.RunByHashAsync(client, "{ __typename }");

        Assert.Equal(HttpStatusCode.BadRequest, text.Status);
        Assert.Equal("PERSISTED_QUERY_REQUIRED", text.FirstErrorCode);
        Assert.Equal("PERSISTED_QUERY_REQUIRED", textWithHash.FirstErrorCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", unknown.FirstErrorCode);
    }

    [Fact]
    public async Task Imported_hashes_run_and_an_import_with_an_invalid_document_imports_nothing()
    {
        const string allowed = "query Categories { categories { slug } }";
        const string invalid = "{ categories { noSuchField } }";
        using var client = api.CreateClient();

        var refused = await ImportAsync($$"""{ "{{Apq.Sha256(allowed)}}": {{System.Text.Json.JsonSerializer.Serialize(allowed)}}, "{{Apq.Sha256(invalid)}}": "{{invalid}}" }""");
        var afterRefused = await Apq.RunByHashAsync(client, allowed);
        var imported = await ImportAsync($"[{System.Text.Json.JsonSerializer.Serialize(allowed)}]");
        var afterImport = await Apq.RunByHashAsync(client, allowed);

        Assert.Equal(1, refused);
        Assert.Equal("PERSISTED_QUERY_NOT_FOUND", afterRefused.FirstErrorCode);
        Assert.Equal(0, imported);
        Assert.NotEmpty(afterImport.DataOrFail()["categories"]!.AsArray());
        Assert.True(await api.QueryDbAsync(db => db.PersistedQueries.AnyAsync(q => q.Hash == Apq.Sha256(allowed) && q.Pinned)));
    }
}
