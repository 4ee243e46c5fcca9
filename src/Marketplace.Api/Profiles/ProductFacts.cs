using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles;

/// <summary>What an event about a product tells about the person: the product's category path, brand, gender, color, size and price band.</summary>
public sealed record ProductFact(long ProductId, string CategoryPath, string? Brand, string? Gender, string? Color, string? Size, string? PriceBand);

/// <summary>
/// Reads the facts of the products (and variants) a batch of events names, in a few queries for the whole batch.
/// Category slugs come from a short-lived cache: there are few categories and they rarely change.
/// </summary>
public sealed class ProductFacts(MarketplaceDb db, IMemoryCache cache, IOptions<CatalogOptions> catalog)
{
    private static readonly TimeSpan CategoryCacheLifetime = TimeSpan.FromMinutes(1);
    private static readonly string[] ColorNames = ["color", "colour"];
    private static readonly string[] DescribingNames = ["color", "colour", "size", "gender"];

    /// <summary>The facts by product id, for the variant named with it where one is (its color, size and price).</summary>
    public async Task<Dictionary<(long ProductId, long? VariantId), ProductFact>> LoadAsync(
        IReadOnlyCollection<(long ProductId, long? VariantId)> keys, CancellationToken ct)
    {
        var result = new Dictionary<(long, long?), ProductFact>();
        if (keys.Count == 0) return result;
        var productIds = keys.Select(k => k.ProductId).Distinct().ToList();
        var variantIds = keys.Where(k => k.VariantId is not null).Select(k => k.VariantId!.Value).Distinct().ToList();

        var products = await db.Products.AsNoTracking().Where(p => productIds.Contains(p.Id))
            .Select(p => new { p.Id, p.CategoryId, p.Brand, p.MinPriceMinor })
            .ToDictionaryAsync(p => p.Id, ct);
        var attributes = (await db.ProductAttributes.AsNoTracking()
                .Where(a => productIds.Contains(a.ProductId) && DescribingNames.Contains(a.Name.ToLower()))
                .Select(a => new { a.ProductId, a.Name, a.Value }).ToListAsync(ct))
            .ToLookup(a => a.ProductId);
        var variants = variantIds.Count == 0 ? [] : await db.ProductVariants.AsNoTracking().Where(v => variantIds.Contains(v.Id))
            .Select(v => new { v.Id, v.ProductId, v.MinPriceMinor })
            .ToDictionaryAsync(v => v.Id, ct);
        var options = (await db.VariantOptionValues.AsNoTracking()
                .Where(o => variantIds.Contains(o.VariantId))
                .Select(o => new { o.VariantId, o.Name, o.Value }).ToListAsync(ct))
            .ToLookup(o => o.VariantId);
        var categories = await CategorySlugsAsync(ct);

        foreach (var key in keys)
        {
            if (!products.TryGetValue(key.ProductId, out var product)) continue;
            var variant = key.VariantId is { } variantId && variants.TryGetValue(variantId, out var v) && v.ProductId == product.Id ? v : null;
            var described = attributes[product.Id].Select(a => (a.Name, a.Value))
                .Concat(variant is null ? [] : options[variant.Id].Select(o => (o.Name, o.Value)))
                .Reverse() // a variant's option beats the product's attribute of the same name
                .ToList();
            string? Find(params string[] names) => described.FirstOrDefault(d => names.Contains(d.Name.ToLowerInvariant())).Value;
            var price = variant?.MinPriceMinor ?? product.MinPriceMinor;
            result[key] = new ProductFact(
                product.Id,
                categories.TryGetValue(product.CategoryId, out var path) ? path : "/",
                product.Brand,
                Find("gender"),
                Find(ColorNames),
                Find("size"),
                price is { } minor ? Affinities.PriceBand(new Money(minor, catalog.Value.Currency).Amount) : null);
        }
        return result;
    }

    /// <summary>Each category's slugs from the root down, "/apparel/shorts/", as events carry them.</summary>
    public async Task<IReadOnlyDictionary<int, string>> CategorySlugsAsync(CancellationToken ct) =>
        (await cache.GetOrCreateAsync("profiles:category-slug-paths", async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CategoryCacheLifetime;
            var all = await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Slug, c.Path }).ToListAsync(ct);
            var slugs = all.ToDictionary(c => c.Id, c => c.Slug);
            return (IReadOnlyDictionary<int, string>)all.ToDictionary(c => c.Id, c => "/" + string.Concat(
                c.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
                    .Select(id => slugs.TryGetValue(id, out var slug) ? slug + "/" : "")));
        }))!;
}
