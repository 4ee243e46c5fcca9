using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Clients.Elasticsearch;
using Elastic.Transport;
using Microsoft.Extensions.Options;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>
/// <see cref="ISearchEngine"/> on an Elasticsearch cluster. Bodies are written as Elasticsearch's own JSON DSL (see
/// <see cref="ElasticsearchSearchQuery"/>, <see cref="ElasticsearchProductIndex"/>) and sent through the client's
/// transport, which brings the node pool, authentication, certificate pinning and timeouts. A thread-safe singleton:
/// its only state is whether the indices are known to exist and which index a rebuild is filling.
/// </summary>
public sealed class ElasticsearchSearchEngine : ISearchEngine
{
    private const int BulkOperationsPerRequest = 500;
    private static readonly RequestConfiguration NdJson = new() { ContentType = "application/x-ndjson" };

    private readonly ElasticsearchClient _client;
    private readonly SearchSynonyms _synonyms;
    private readonly ILogger<ElasticsearchSearchEngine> _logger;
    private readonly TimeProvider _time;
    private readonly ElasticsearchSearchQuery _query;
    private readonly ElasticsearchSearchResults _results;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private volatile bool _indicesExist;
    private string? _rebuildIndex;

    public ElasticsearchSearchEngine(
        ElasticsearchClient client,
        IOptions<SearchOptions> options,
        PriceRanges priceRanges,
        SearchSynonyms synonyms,
        ILogger<ElasticsearchSearchEngine> logger)
        : this(client, options, priceRanges, synonyms, logger, TimeProvider.System)
    {
    }

    internal ElasticsearchSearchEngine(
        ElasticsearchClient client,
        IOptions<SearchOptions> options,
        PriceRanges priceRanges,
        SearchSynonyms synonyms,
        ILogger<ElasticsearchSearchEngine> logger,
        TimeProvider time)
    {
        _client = client;
        _synonyms = synonyms;
        _logger = logger;
        _time = time;
        _query = new ElasticsearchSearchQuery(priceRanges);
        _results = new ElasticsearchSearchResults(priceRanges);
        Names = new ElasticsearchIndexNames(options.Value.Elasticsearch.IndexPrefix);
    }

    public ElasticsearchIndexNames Names { get; }

    public async Task IndexAsync(IReadOnlyCollection<ProductDocument> upserts, IReadOnlyCollection<long> deletes, CancellationToken ct)
    {
        if (upserts.Count == 0 && deletes.Count == 0) return;
        await EnsureIndicesAsync(ct);

        var operations = upserts.Select(d => BulkOperation.Index(d.ProductId.ToString(CultureInfo.InvariantCulture), ElasticsearchProductIndex.ToDocument(d)))
            .Concat(deletes.Select(id => BulkOperation.Delete(id.ToString(CultureInfo.InvariantCulture))))
            .ToList();

        // A rebuild loads a snapshot read before now; writing the change into its index too keeps it from being lost at the swap.
        if (Volatile.Read(ref _rebuildIndex) is { } rebuilding)
        {
            try
            {
                await BulkAsync(rebuilding, operations, refresh: null, ct);
            }
            catch (Exception e) when (e is SearchUnavailableException or InvalidOperationException)
            {
                _logger.LogWarning(e, "Could not copy {Count} index changes into the rebuilding index {Index}", operations.Count, rebuilding);
            }
        }

        await BulkAsync(Names.Products, operations, refresh: "wait_for", ct);
    }

    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        await EnsureIndicesAsync(ct);
        var response = await SearchOnceAsync(request, suggestCorrection: true, ct);
        if (response.TotalCount > 0 || !request.FallBackToCorrection || response.DidYouMean is not { } corrected)
            return response;

        var retried = await SearchOnceAsync(request with { Text = corrected, FallBackToCorrection = false }, suggestCorrection: false, ct);
        return retried.TotalCount == 0 ? response : retried with { DidYouMean = corrected, CorrectedQuery = corrected };
    }

    private async Task<SearchResponse> SearchOnceAsync(SearchRequest request, bool suggestCorrection, CancellationToken ct)
    {
        var reply = await SendAsync(HttpMethod.POST, $"/{Names.Products}/_search", _query.Build(request, suggestCorrection).ToJsonString(), ct);
        return _results.Read(reply.Body, request);
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int first, CancellationToken ct)
    {
        var text = ElasticsearchSearchQuery.NormalizeText(prefix);
        if (text is null || first <= 0) return [];
        await EnsureIndicesAsync(ct);

        var products = await SendAsync(HttpMethod.POST, $"/{Names.Products}/_search",
            ElasticsearchSuggestions.ProductsBody(text, first).ToJsonString(), ct);
        var queries = await SendAsync(HttpMethod.POST, $"/{Names.PopularQueries}/_search",
            ElasticsearchSuggestions.PopularQueriesBody(text, first).ToJsonString(), ct);
        return ElasticsearchSuggestions.Read(products.Body, queries.Body, first);
    }

    public async Task ReplacePopularQueriesAsync(IReadOnlyCollection<PopularQuery> queries, CancellationToken ct)
    {
        await EnsureIndicesAsync(ct);

        // The key is the id, so case variants of one query collapse into the most frequent spelling.
        var kept = queries
            .Where(q => !string.IsNullOrWhiteSpace(q.Query) && q.Query.Length <= 256)
            .GroupBy(q => SearchText.Key(q.Query))
            .Select(g => (Id: g.Key, Query: g.OrderByDescending(q => q.Count).First() with { Count = g.Sum(q => q.Count) }))
            .ToList();

        // Write the new set first and then drop the rest, so suggestions never see an empty index.
        var operations = kept.Select(q => BulkOperation.Index(q.Id, ElasticsearchProductIndex.ToPopularQueryDocument(q.Query))).ToList();
        if (operations.Count > 0) await BulkAsync(Names.PopularQueries, operations, refresh: "wait_for", ct);

        var others = new JsonObject
        {
            ["query"] = new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["must_not"] = new JsonArray(new JsonObject
                    {
                        ["ids"] = new JsonObject { ["values"] = new JsonArray(kept.Select(q => (JsonNode?)q.Id).ToArray()) },
                    }),
                },
            },
        };
        await SendAsync(HttpMethod.POST, $"/{Names.PopularQueries}/_delete_by_query?refresh=true&conflicts=proceed", others.ToJsonString(), ct);
    }

    public async Task<SearchEngineHealth> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            await EnsureIndicesAsync(ct);
            var reply = await SendAsync(HttpMethod.GET, $"/{Names.Products}/_count", null, ct);
            return new SearchEngineHealth(true, reply.Body.GetProperty("count").GetInt64());
        }
        catch (Exception e) when (e is SearchUnavailableException or InvalidOperationException)
        {
            return new SearchEngineHealth(false, 0, e.Message);
        }
    }

    public async Task<ISearchIndexRebuild> BeginRebuildAsync(CancellationToken ct)
    {
        await EnsureIndicesAsync(ct);
        var replicas = await CurrentReplicasAsync(ct);
        var index = Names.NewProductsIndex(_time.GetUtcNow());
        if (Interlocked.CompareExchange(ref _rebuildIndex, index, null) is { } running)
            throw new InvalidOperationException($"A search index rebuild into {running} is already under way.");
        try
        {
            await CreateIndexAsync(index, ElasticsearchProductIndex.CreateIndexBody(_synonyms, alias: null, forBulkLoad: true), ct);
        }
        catch
        {
            EndRebuild(index);
            throw;
        }
        _logger.LogInformation("Rebuilding the search index into {Index}", index);
        return new ElasticsearchIndexRebuild(this, index, replicas, _logger);
    }

    internal void EndRebuild(string index) => Interlocked.CompareExchange(ref _rebuildIndex, null, index);

    /// <summary>Creates the products index behind its alias, and the popular queries index, when missing.</summary>
    private async Task EnsureIndicesAsync(CancellationToken ct)
    {
        if (_indicesExist) return;
        await _setup.WaitAsync(ct);
        try
        {
            if (_indicesExist) return;
            if ((await SendAsync(HttpMethod.HEAD, $"/{Names.Products}", null, ct, tolerated: 404)).Status == 404)
            {
                var index = Names.NewProductsIndex(_time.GetUtcNow());
                await CreateIndexAsync(index, ElasticsearchProductIndex.CreateIndexBody(_synonyms, Names.Products, forBulkLoad: false), ct);
                _logger.LogInformation("Created the search index {Index} behind the alias {Alias}", index, Names.Products);
            }
            if ((await SendAsync(HttpMethod.HEAD, $"/{Names.PopularQueries}", null, ct, tolerated: 404)).Status == 404)
                await CreateIndexAsync(Names.PopularQueries, ElasticsearchProductIndex.PopularQueriesIndexBody(), ct);
            _indicesExist = true;
        }
        finally
        {
            _setup.Release();
        }
    }

    private async Task CreateIndexAsync(string index, JsonObject body, CancellationToken ct)
    {
        var reply = await SendAsync(HttpMethod.PUT, $"/{index}", body.ToJsonString(), ct, tolerated: 400);
        // Another instance may have created it a moment ago.
        if (reply.Status == 400 && ErrorType(reply.Body) != "resource_already_exists_exception")
            throw new InvalidOperationException($"Elasticsearch refused to create the index {index}: {Reason(reply.Body)}");
    }

    private async Task<string?> CurrentReplicasAsync(CancellationToken ct)
    {
        var reply = await SendAsync(HttpMethod.GET, $"/{Names.Products}/_settings/index.number_of_replicas", null, ct);
        if (reply.Body.ValueKind != JsonValueKind.Object) return null;
        foreach (var index in reply.Body.EnumerateObject())
            if (index.Value.ValueKind == JsonValueKind.Object
                && index.Value.TryGetProperty("settings", out var settings)
                && settings.TryGetProperty("index", out var indexSettings)
                && indexSettings.TryGetProperty("number_of_replicas", out var replicas))
                return replicas.ValueKind == JsonValueKind.String ? replicas.GetString() : replicas.GetRawText();
        return null;
    }

    internal async Task<IReadOnlyList<string>> AliasedIndicesAsync(CancellationToken ct)
    {
        var reply = await SendAsync(HttpMethod.GET, $"/_alias/{Names.Products}", null, ct, tolerated: 404);
        return reply.Status == 404 ? [] : reply.Body.EnumerateObject().Select(index => index.Name).ToList();
    }

    internal sealed record BulkOperation(string Action, string Id, JsonObject? Document)
    {
        public static BulkOperation Index(string id, JsonObject document) => new("index", id, document);
        public static BulkOperation Create(string id, JsonObject document) => new("create", id, document);
        public static BulkOperation Delete(string id) => new("delete", id, null);
    }

    /// <summary>
    /// Sends the operations in chunks, the last with <paramref name="refresh"/> (a refresh makes every earlier chunk
    /// visible too). Rejected operations are named in the exception; "create" conflicts mean a newer copy is already there.
    /// </summary>
    internal async Task BulkAsync(string index, IReadOnlyList<BulkOperation> operations, string? refresh, CancellationToken ct)
    {
        var chunks = operations.Chunk(BulkOperationsPerRequest).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            var query = refresh is not null && i == chunks.Count - 1 ? $"?refresh={refresh}" : "";
            var reply = await SendAsync(HttpMethod.POST, $"/{index}/_bulk{query}", BulkBody(chunks[i]), ct, ndjson: true);
            ThrowOnRejectedItems(index, reply.Body, chunks[i].Length);
        }
    }

    internal static string BulkBody(IEnumerable<BulkOperation> operations)
    {
        var body = new StringBuilder();
        foreach (var operation in operations)
        {
            body.Append(new JsonObject { [operation.Action] = new JsonObject { ["_id"] = operation.Id } }.ToJsonString()).Append('\n');
            if (operation.Document is not null) body.Append(operation.Document.ToJsonString()).Append('\n');
        }
        return body.ToString();
    }

    private static void ThrowOnRejectedItems(string index, JsonElement body, int sent)
    {
        if (!body.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.True) return;

        var rejected = new List<string>();
        var transient = false;
        foreach (var item in body.GetProperty("items").EnumerateArray())
        foreach (var operation in item.EnumerateObject())
        {
            if (!operation.Value.TryGetProperty("error", out var error)) continue;
            var status = operation.Value.TryGetProperty("status", out var s) ? s.GetInt32() : 0;
            if (operation.Name == "create" && status == 409) continue;
            transient |= status is 429 or >= 500;
            var id = operation.Value.TryGetProperty("_id", out var i) ? i.GetString() : "?";
            rejected.Add($"{operation.Name} {id}: {ErrorType(error)}: {Reason(error)}");
        }
        if (rejected.Count == 0) return;

        var message = $"Elasticsearch rejected {rejected.Count} of {sent} operations on {index}: {string.Join("; ", rejected.Take(10))}"
                      + (rejected.Count > 10 ? $"; and {rejected.Count - 10} more" : "");
        throw transient ? new SearchUnavailableException(message) : new InvalidOperationException(message);
    }

    internal readonly record struct Reply(int Status, JsonElement Body);

    /// <summary>
    /// One request through the client's transport. No answer, 429 and 5xx mean the cluster cannot serve now
    /// (<see cref="SearchUnavailableException"/>); other refusals are this code's mistakes (<see cref="InvalidOperationException"/>).
    /// </summary>
    internal async Task<Reply> SendAsync(HttpMethod method, string path, string? body, CancellationToken ct, bool ndjson = false, int? tolerated = null)
    {
        StringResponse response;
        try
        {
            response = await _client.Transport.RequestAsync<StringResponse>(
                method, path, body is null ? null! : PostData.String(body), ndjson ? NdJson : null!, ct);
        }
        catch (Exception e) when (e is TransportException or HttpRequestException && !ct.IsCancellationRequested)
        {
            throw new SearchUnavailableException($"Elasticsearch did not answer {method} {path}: {e.Message}", e);
        }

        var details = response.ApiCallDetails;
        if (details.HttpStatusCode is not { } status)
        {
            ct.ThrowIfCancellationRequested();
            throw new SearchUnavailableException(
                $"Elasticsearch did not answer {method} {path}: {details.OriginalException?.Message ?? "no response"}", details.OriginalException);
        }

        var json = Parse(response.Body);
        if (status is >= 200 and < 300 || status == tolerated) return new Reply(status, json);
        if (status is 429 or >= 500)
            throw new SearchUnavailableException($"Elasticsearch answered {method} {path} with {status}: {Reason(json)}");
        throw new InvalidOperationException($"Elasticsearch refused {method} {path} with {status}: {Reason(json)}");
    }

    private static JsonElement Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return default;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? ErrorType(JsonElement body) =>
        Error(body) is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("type", out var type) ? type.GetString() : null;

    private static string Reason(JsonElement body) =>
        Error(body) is { ValueKind: JsonValueKind.Object } error && error.TryGetProperty("reason", out var reason)
            ? reason.GetString() ?? "no reason given"
            : "no reason given";

    // Responses wrap the error ({"error": {...}, "status": 400}); bulk items hold it directly.
    private static JsonElement Error(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error) ? error : body;
}
