using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>A buyable variant: the offer a synthetic shopper buys it through (the one with most stock) and its size, if it has one.</summary>
public sealed record CatalogVariant(long VariantId, long OfferId, string? Size);

/// <summary>What the generator knows of a product: where it sits, for whom, its brand and price band, and its buyable variants.</summary>
public sealed record CatalogItem(
    long ProductId, string Category, string Department, string? Gender, string? Brand, string PriceBand, IReadOnlyList<CatalogVariant> Variants);

/// <summary>The products a synthetic shopper can view and buy, and how many products the catalog holds (for coverage).</summary>
public sealed record EvaluationCatalog(IReadOnlyList<CatalogItem> Items, int ProductCount)
{
    /// <summary>Offers with fewer units are left out, so the synthetic demand rarely meets an empty shelf.</summary>
    public const int MinStock = 10;

    public static async Task<EvaluationCatalog> LoadAsync(MarketplaceDb db, IOptions<CatalogOptions> catalog, CancellationToken ct)
    {
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Slug, c.Path }).ToDictionaryAsync(c => c.Id, ct);
        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.CategoryId, p.Brand }).ToListAsync(ct);
        var genders = (await db.ProductAttributes.AsNoTracking().Where(a => a.Name == "gender").Select(a => new { a.ProductId, a.Value }).ToListAsync(ct))
            .GroupBy(a => a.ProductId).ToDictionary(g => g.Key, g => g.First().Value);
        var sizes = (await db.VariantOptionValues.AsNoTracking().Where(o => o.Name.ToLower() == "size").Select(o => new { o.VariantId, o.Value }).ToListAsync(ct))
            .GroupBy(o => o.VariantId).ToDictionary(g => g.Key, g => g.First().Value);
        var offers = await VisibleOffers.Of(db).AsNoTracking().Where(o => o.Stock >= MinStock)
            .Select(o => new { o.Id, o.ProductId, o.VariantId, o.Stock, o.PriceMinor }).ToListAsync(ct);
        var byProduct = offers.ToLookup(o => o.ProductId);

        var items = new List<CatalogItem>();
        foreach (var product in products)
        {
            var productOffers = byProduct[product.Id].ToList();
            if (productOffers.Count == 0 || !categories.TryGetValue(product.CategoryId, out var category)) continue;
            var variants = productOffers.GroupBy(o => o.VariantId).OrderBy(g => g.Key)
                .Select(g => g.OrderByDescending(o => o.Stock).ThenBy(o => o.Id).First())
                .Select(o => new CatalogVariant(o.VariantId, o.Id, sizes.GetValueOrDefault(o.VariantId)))
                .ToList();
            var departmentId = category.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).FirstOrDefault(category.Id);
            var price = new Money(productOffers.Min(o => o.PriceMinor), catalog.Value.Currency).Amount;
            items.Add(new CatalogItem(product.Id, category.Slug, categories.TryGetValue(departmentId, out var department) ? department.Slug : category.Slug,
                genders.GetValueOrDefault(product.Id), product.Brand, Affinities.PriceBand(price), variants));
        }
        return new EvaluationCatalog(items, products.Count);
    }
}
