using System.Text.Json;
using Elastic.Transport;
using Marketplace.Api.Search;
using Marketplace.Api.Search.Elasticsearch;
using Marketplace.Api.Tests.Search.Contract;
using Microsoft.Extensions.Logging.Abstractions;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

/// <summary>
/// The engine contract against a real cluster, when there is one: ELASTICSEARCH_URL (and optionally
/// ELASTICSEARCH_USERNAME/PASSWORD, ELASTICSEARCH_API_KEY, ELASTICSEARCH_CERTIFICATE_FINGERPRINT).
/// Each engine gets its own index prefix under this class's, and the class fixture deletes them all at the end.
/// </summary>
public sealed class ElasticsearchSearchEngineContractTests(ElasticsearchContractIndices indices)
    : SearchEngineContract, IClassFixture<ElasticsearchContractIndices>
{
    protected override string? SkipReason => indices.Options is null
        ? "Set ELASTICSEARCH_URL to run the search contract against a real Elasticsearch"
        : null;

    protected override Task<ISearchEngine> CreateEngineAsync() => Task.FromResult<ISearchEngine>(indices.CreateEngine());
}

public sealed class ElasticsearchContractIndices : IAsyncLifetime
{
    private readonly string _classPrefix = $"contract-{Guid.NewGuid():N}"[..21];
    private int _engines;

    public ElasticsearchOptions? Options { get; } = FromEnvironment();

    private static ElasticsearchOptions? FromEnvironment()
    {
        var url = Environment.GetEnvironmentVariable("ELASTICSEARCH_URL");
        if (string.IsNullOrWhiteSpace(url)) return null;
        return new ElasticsearchOptions
        {
            Url = url,
            Username = Environment.GetEnvironmentVariable("ELASTICSEARCH_USERNAME"),
            Password = Environment.GetEnvironmentVariable("ELASTICSEARCH_PASSWORD"),
            ApiKey = Environment.GetEnvironmentVariable("ELASTICSEARCH_API_KEY"),
            CertificateFingerprint = Environment.GetEnvironmentVariable("ELASTICSEARCH_CERTIFICATE_FINGERPRINT"),
        };
    }

    public ElasticsearchSearchEngine CreateEngine()
    {
        var elasticsearch = Options ?? throw new InvalidOperationException("ELASTICSEARCH_URL is not set.");
        var options = new SearchOptions
        {
            Engine = SearchEngineKind.Elasticsearch,
            Elasticsearch = new ElasticsearchOptions
            {
                Url = elasticsearch.Url,
                Username = elasticsearch.Username,
                Password = elasticsearch.Password,
                ApiKey = elasticsearch.ApiKey,
                CertificateFingerprint = elasticsearch.CertificateFingerprint,
                IndexPrefix = $"{_classPrefix}-{Interlocked.Increment(ref _engines)}",
            },
        };
        return new ElasticsearchSearchEngine(
            options.Elasticsearch.CreateClient(),
            Microsoft.Extensions.Options.Options.Create(options),
            ElasticsearchTestEngines.PriceRanges,
            ElasticsearchTestEngines.Synonyms,
            NullLogger<ElasticsearchSearchEngine>.Instance);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Deletes by name: clusters refuse wildcard deletes unless action.destructive_requires_name is off.</summary>
    public async Task DisposeAsync()
    {
        if (Options is null || _engines == 0) return;
        var transport = Options.CreateClient().Transport;
        var listed = await transport.RequestAsync<StringResponse>(HttpMethod.GET, $"/_cat/indices/{_classPrefix}-*?format=json&h=index", null!, null!, CancellationToken.None);
        if (!listed.ApiCallDetails.HasSuccessfulStatusCode || string.IsNullOrWhiteSpace(listed.Body)) return;
        using var indices = JsonDocument.Parse(listed.Body);
        foreach (var index in indices.RootElement.EnumerateArray())
            await transport.RequestAsync<StringResponse>(HttpMethod.DELETE, $"/{index.GetProperty("index").GetString()}", null!, null!, CancellationToken.None);
    }
}
