using Marketplace.Api.Catalog;
using Marketplace.Api.Data;

namespace Marketplace.Api.Search;

/// <summary>
/// Rebuilds the whole index from the database while searches go on against the old one, then swaps it in.
/// Changes made meanwhile reach the old index through the outbox; once the new one is in place, every product
/// changed since the rebuild began is queued again, so the new index misses nothing.
/// </summary>
public sealed class SearchIndexRebuilder(ISearchEngine engine, MarketplaceDb db, ProductDocuments documents, TimeProvider time, ILogger<SearchIndexRebuilder> logger)
{
    public sealed record Result(int Products, TimeSpan Elapsed);

    /// <summary>Products to index in all, for a progress bar.</summary>
    public Task<int> CountAsync(CancellationToken ct) =>
        Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Products.Where(p => p.OfferCount > 0), ct);

    public async Task<Result> RebuildAsync(IProgress<int>? progress, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        // A margin for clocks: a change committed just before this moment is queued again too; indexing twice is harmless.
        var since = time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(5);
        var indexed = 0;
        await using (var rebuild = await engine.BeginRebuildAsync(ct))
        {
            var afterId = 0L;
            while (true)
            {
                var ids = await documents.NextIdsAsync(afterId, SearchIndexer.ProductsPerChunk, ct);
                if (ids.Count == 0) break;
                var loaded = await documents.LoadAsync(ids, ct);
                await rebuild.AddAsync(loaded.Upserts, ct);
                indexed += loaded.Upserts.Count;
                afterId = ids[^1];
                progress?.Report(indexed);
            }
            await rebuild.CommitAsync(ct);
        }
        await db.InTransactionAsync(async token =>
        {
            await CatalogChanges.EnqueueAsync(db, new CatalogChanges.ProductsChanged(ChangedSince: since), time.GetUtcNow().UtcDateTime, token);
            return true;
        }, ct);
        var elapsed = time.GetElapsedTime(started);
        logger.LogInformation("Rebuilt the search index: {Products} products in {Seconds:0.0} s", indexed, elapsed.TotalSeconds);
        return new(indexed, elapsed);
    }
}
