using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Catalog;

/// <summary>
/// Recomputes the per-variant and per-product columns that buyer queries filter and sort on (price, in stock, offer count).
/// The price is that of the cheapest visible offer in stock, or of the cheapest visible offer when none is in stock:
/// the offer bestOffer returns, so a product listed "in stock under $31" can be bought at that price.
/// Called through <see cref="CatalogChanges"/>, in the same transaction as the offer or seller change.
/// </summary>
public static class ProductSummaries
{
    private static async Task<int> RefreshAsync(MarketplaceDb db, IQueryable<Product> products, IQueryable<ProductVariant> variants, DateTime now, CancellationToken ct)
    {
        var visible = VisibleOffers.Of(db);
        await variants.ExecuteUpdateAsync(set => set
            .SetProperty(v => v.MinPriceMinor, v =>
                visible.Where(o => o.VariantId == v.Id && o.Stock > 0).Min(o => (long?)o.PriceMinor)
                ?? visible.Where(o => o.VariantId == v.Id).Min(o => (long?)o.PriceMinor))
            .SetProperty(v => v.InStock, v => visible.Any(o => o.VariantId == v.Id && o.Stock > 0))
            .SetProperty(v => v.OfferCount, v => visible.Count(o => o.VariantId == v.Id)), ct);
        return await products.ExecuteUpdateAsync(set => set
            .SetProperty(p => p.MinPriceMinor, p =>
                visible.Where(o => o.ProductId == p.Id && o.Stock > 0).Min(o => (long?)o.PriceMinor)
                ?? visible.Where(o => o.ProductId == p.Id).Min(o => (long?)o.PriceMinor))
            .SetProperty(p => p.InStock, p => visible.Any(o => o.ProductId == p.Id && o.Stock > 0))
            .SetProperty(p => p.OfferCount, p => visible.Count(o => o.ProductId == p.Id))
            .SetProperty(p => p.UpdatedAt, now), ct);
    }

    // The variants are selected by their own ProductId, so the update uses its index rather than scanning every variant.
    public static Task<int> RefreshAsync(MarketplaceDb db, IReadOnlyCollection<long> productIds, DateTime now, CancellationToken ct) =>
        productIds.Count == 0 ? Task.FromResult(0) : RefreshAsync(db,
            db.Products.Where(p => productIds.Contains(p.Id)), db.ProductVariants.Where(v => productIds.Contains(v.ProductId)), now, ct);

    /// <summary>
    /// The same columns worked out in memory from offers that are not written yet, for rows whose offers all arrive
    /// together (the seed loader's new products). The offers must already be the visible ones.
    /// </summary>
    public static (long? MinPriceMinor, bool InStock, int OfferCount) Summarize(IReadOnlyCollection<Offer> visible) => (
        visible.Where(o => o.Stock > 0).Min(o => (long?)o.PriceMinor) ?? visible.Min(o => (long?)o.PriceMinor),
        visible.Any(o => o.Stock > 0),
        visible.Count);

    public static Task<int> RefreshForSellerAsync(MarketplaceDb db, long sellerId, DateTime now, CancellationToken ct) => RefreshAsync(db,
        db.Products.Where(p => db.Offers.Any(o => o.ProductId == p.Id && o.SellerId == sellerId)),
        db.ProductVariants.Where(v => db.Offers.Any(o => o.ProductId == v.ProductId && o.SellerId == sellerId)), now, ct);
}
