using System.Globalization;
using System.Text.Json.Nodes;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>
/// A new timestamped index filled while searches go on against the alias. Commit swaps the alias in one _aliases call
/// and deletes the old index; disposing without commit deletes the new one.
/// </summary>
internal sealed class ElasticsearchIndexRebuild(ElasticsearchSearchEngine engine, string index, string? replicas, ILogger logger)
    : ISearchIndexRebuild
{
    private bool _committed;
    private bool _disposed;

    public string Index => index;

    public Task AddAsync(IReadOnlyCollection<ProductDocument> documents, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) throw new InvalidOperationException("The rebuild is committed.");
        // "create", not "index": a change written here by IndexAsync since the load began is newer than this snapshot.
        var operations = documents
            .Select(d => ElasticsearchSearchEngine.BulkOperation.Create(d.ProductId.ToString(CultureInfo.InvariantCulture), ElasticsearchProductIndex.ToDocument(d)))
            .ToList();
        return operations.Count == 0 ? Task.CompletedTask : engine.BulkAsync(index, operations, refresh: null, ct);
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_committed) return;

        var settings = new JsonObject
        {
            ["index"] = new JsonObject
            {
                // null restores the default (1s); the replicas the old index had.
                ["refresh_interval"] = null,
                ["number_of_replicas"] = replicas is null ? null : JsonValue.Create(replicas),
            },
        };
        await engine.SendAsync(HttpMethod.PUT, $"/{index}/_settings", settings.ToJsonString(), ct);
        await engine.SendAsync(HttpMethod.POST, $"/{index}/_refresh", null, ct);

        var previous = (await engine.AliasedIndicesAsync(ct)).Where(name => name != index).ToList();
        var actions = new JsonArray();
        foreach (var old in previous)
            actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = old, ["alias"] = engine.Names.Products } });
        actions.Add(new JsonObject { ["add"] = new JsonObject { ["index"] = index, ["alias"] = engine.Names.Products } });
        await engine.SendAsync(HttpMethod.POST, "/_aliases", new JsonObject { ["actions"] = actions }.ToJsonString(), ct);

        _committed = true;
        engine.EndRebuild(index);
        logger.LogInformation("The search alias {Alias} now points at {Index}", engine.Names.Products, index);

        foreach (var old in previous)
            await DeleteQuietlyAsync(old);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        engine.EndRebuild(index);
        if (!_committed) await DeleteQuietlyAsync(index);
    }

    // The swap (or the abandonment) has happened; a leftover index costs disk, not correctness.
    private async Task DeleteQuietlyAsync(string name)
    {
        try
        {
            await engine.SendAsync(HttpMethod.DELETE, $"/{name}", null, CancellationToken.None, tolerated: 404);
        }
        catch (Exception e) when (e is SearchUnavailableException or InvalidOperationException)
        {
            logger.LogWarning(e, "Could not delete the search index {Index}", name);
        }
    }
}
