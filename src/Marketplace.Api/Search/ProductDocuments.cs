using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Search;

/// <summary>
/// Reads products from the database as the search engines index them, a batch at a time (a few queries per batch,
/// whatever its size). Products without a visible offer come back as deletions: nobody can buy them, so nobody finds them.
/// </summary>
public sealed class ProductDocuments(MarketplaceDb db)
{
    private Dictionary<int, Category>? categories;

    public sealed record Batch(IReadOnlyList<ProductDocument> Upserts, IReadOnlyList<long> Deletes);

    public async Task<Batch> LoadAsync(IReadOnlyCollection<long> productIds, CancellationToken ct)
    {
        if (productIds.Count == 0) return new([], []);
        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.Title, p.Description, p.Brand, p.CategoryId, p.CreatedAt, p.MinPriceMinor, p.InStock, p.OfferCount })
            .ToListAsync(ct);
        var searchable = products.Where(p => p.OfferCount > 0 && p.MinPriceMinor is not null).ToList();
        var deletes = productIds.Except(searchable.Select(p => p.Id)).ToList();
        if (searchable.Count == 0) return new([], deletes);

        var ids = searchable.ConvertAll(p => p.Id);
        var attributes = (await db.ProductAttributes.AsNoTracking().Where(a => ids.Contains(a.ProductId))
                .Select(a => new { a.ProductId, a.Name, a.Value }).ToListAsync(ct))
            .ToLookup(a => a.ProductId, a => new DocumentAttribute(a.Name, a.Value));
        var variants = (await db.ProductVariants.AsNoTracking().Where(v => ids.Contains(v.ProductId) && v.OfferCount > 0)
                .Select(v => new { v.ProductId, v.MinPriceMinor, v.InStock, Options = v.SelectedOptions.OrderBy(o => o.Position).Select(o => new { o.Name, o.Value }).ToList() })
                .ToListAsync(ct))
            .ToLookup(v => v.ProductId);
        var sellers = (await VisibleOffers.Of(db).Where(o => ids.Contains(o.ProductId))
                .Join(db.Sellers, o => o.SellerId, s => s.Id, (o, s) => new { o.ProductId, s.Id, s.Handle, s.Name })
                .Distinct().ToListAsync(ct))
            .ToLookup(s => s.ProductId, s => new DocumentSeller(s.Id, s.Handle, s.Name));
        var tree = await CategoriesAsync(ct);

        var documents = searchable.ConvertAll(p =>
        {
            var productVariants = variants[p.Id].ToList();
            return new ProductDocument
            {
                ProductId = p.Id,
                Title = p.Title,
                Description = p.Description,
                Brand = p.Brand,
                Categories = Path(tree, p.CategoryId),
                Attributes = attributes[p.Id].ToList(),
                // A value is available when any variant having it is in stock from a visible offer.
                OptionValues = productVariants
                    .SelectMany(v => v.Options.Select(o => (o.Name, o.Value, v.InStock)))
                    .GroupBy(o => (o.Name, o.Value))
                    .Select(g => new DocumentOptionValue(g.Key.Name, g.Key.Value, g.Any(o => o.InStock)))
                    .ToList(),
                PriceMinor = p.MinPriceMinor!.Value,
                MaxPriceMinor = productVariants.Select(v => v.MinPriceMinor).Max() ?? p.MinPriceMinor.Value,
                InStock = p.InStock,
                Sellers = sellers[p.Id].ToList(),
                OfferCount = p.OfferCount,
                Popularity = Popularity(p.OfferCount, p.InStock),
                CreatedAt = p.CreatedAt,
            };
        });
        return new(documents, deletes);
    }

    /// <summary>
    /// Until buyer behaviour is collected (the customer data platform), popularity is what sellers show: a product
    /// more sellers compete to sell is a product buyers want. In stock counts for more than out of stock.
    /// </summary>
    private static double Popularity(int offerCount, bool inStock) => Math.Log2(1 + offerCount) + (inStock ? 1 : 0);

    private static IReadOnlyList<DocumentCategory> Path(Dictionary<int, Category> tree, int categoryId)
    {
        if (!tree.TryGetValue(categoryId, out var category)) return [];
        return [.. category.AncestorIds().Append(category.Id)
            .Select(id => tree.TryGetValue(id, out var c) ? new DocumentCategory(c.Id, c.Slug, c.Name) : null)
            .OfType<DocumentCategory>()];
    }

    private async Task<Dictionary<int, Category>> CategoriesAsync(CancellationToken ct) =>
        categories ??= await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);

    /// <summary>Product ids in id order after <paramref name="afterId"/>: how a rebuild walks the catalog.</summary>
    public Task<List<long>> NextIdsAsync(long afterId, int count, CancellationToken ct) =>
        db.Products.AsNoTracking().Where(p => p.Id > afterId && p.OfferCount > 0).OrderBy(p => p.Id).Take(count).Select(p => p.Id).ToListAsync(ct);
}
