using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;

namespace Marketplace.Api.Catalog;

/// <summary>
/// Every change buyers can see (a listing, a variant, a seller's status, a seed load) ends here, in the change's own
/// transaction: the derived prices and flags are recomputed, and an outbox row tells the systems that mirror the
/// catalog (the search index) which products to read again. The row commits with the change or not at all.
/// </summary>
public static class CatalogChanges
{
    public const string Topic = "catalog.products-changed";

    /// <summary>The outbox payload: some products, every product a seller offers, or those changed since a time.</summary>
    public sealed record ProductsChanged(long[]? ProductIds = null, long? SellerId = null, DateTime? ChangedSince = null);

    public static async Task<int> ProductsChangedAsync(MarketplaceDb db, IReadOnlyCollection<long> productIds, DateTime now, CancellationToken ct)
    {
        if (productIds.Count == 0) return 0;
        var rows = await ProductSummaries.RefreshAsync(db, productIds, now, ct);
        await EnqueueAsync(db, new ProductsChanged(ProductIds: [.. productIds]), now, ct);
        return rows;
    }

    public static async Task<int> SellerChangedAsync(MarketplaceDb db, long sellerId, DateTime now, CancellationToken ct)
    {
        var rows = await ProductSummaries.RefreshForSellerAsync(db, sellerId, now, ct);
        await EnqueueAsync(db, new ProductsChanged(SellerId: sellerId), now, ct);
        return rows;
    }

    public static Task EnqueueAsync(MarketplaceDb db, ProductsChanged change, DateTime now, CancellationToken ct) =>
        Outbox.EnqueueAsync(db, [Outbox.Message(Topic, change, now)], ct);
}
