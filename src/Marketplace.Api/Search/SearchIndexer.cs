using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Search;

/// <summary>
/// Keeps the search engine in step with the catalog: drains the catalog's outbox rows, reads the products they name
/// from the database as they are now, and hands them to the engine. A row is done only when the engine has the
/// products (IndexAsync is durable); when the engine is down the rows wait and are retried with backoff.
/// A change to a seller, or "everything changed since", is first turned into rows of product ids, so no batch
/// grows past what one lease covers.
/// </summary>
public sealed class SearchIndexer(ISearchEngine engine, IServiceScopeFactory scopes, TimeProvider time) : IOutboxHandler
{
    public const int ProductsPerChunk = 1_000;

    public string Topic => CatalogChanges.Topic;

    // A seed batch is one row of up to two thousand products, so a few rows are already a large batch, and a batch
    // must be indexed well within its lease (on a busy machine 20 such rows took longer, were cancelled and retried).
    public int BatchSize => 4;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var changes = batch.Select(Outbox.Read<CatalogChanges.ProductsChanged>).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();

        var wide = changes.Where(c => c.SellerId is not null || c.ChangedSince is not null).ToList();
        if (wide.Count > 0) await SplitIntoProductRowsAsync(db, wide, ct);

        var productIds = changes.SelectMany(c => c.ProductIds ?? []).Distinct().ToList();
        var documents = scope.ServiceProvider.GetRequiredService<ProductDocuments>();
        foreach (var chunk in productIds.Chunk(ProductsPerChunk))
        {
            var loaded = await documents.LoadAsync(chunk, ct);
            await engine.IndexAsync(loaded.Upserts, loaded.Deletes, ct);
        }
    }

    private async Task SplitIntoProductRowsAsync(MarketplaceDb db, List<CatalogChanges.ProductsChanged> wide, CancellationToken ct)
    {
        var ids = new HashSet<long>();
        foreach (var change in wide)
        {
            var query = change.SellerId is { } sellerId
                ? db.Offers.Where(o => o.SellerId == sellerId).Select(o => o.ProductId)
                : db.Products.Where(p => p.UpdatedAt >= change.ChangedSince!.Value).Select(p => p.Id);
            ids.UnionWith(await query.Distinct().ToListAsync(ct));
        }
        var now = time.GetUtcNow().UtcDateTime;
        var rows = ids.Order().Chunk(ProductsPerChunk)
            .Select(chunk => Outbox.Message(Topic, new CatalogChanges.ProductsChanged(ProductIds: chunk), now))
            .ToList();
        await db.InTransactionAsync(async token =>
        {
            await Outbox.EnqueueAsync(db, rows, token);
            return true;
        }, ct);
    }
}
