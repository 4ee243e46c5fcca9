using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Relay;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Listings;

public sealed record NewProduct(Product Product);

/// <summary>What one listing call needs from the database, loaded in a few set queries rather than a query a row.</summary>
internal sealed class BatchContext
{
    private const int InChunk = 500;
    private readonly Dictionary<int, int> categoryIds = [];
    private readonly Dictionary<string, int> categoryBySlug = [];
    private readonly List<NewProduct> newProducts = [];

    public Dictionary<string, Offer> OfferBySku { get; } = new(StringComparer.Ordinal);
    public HashSet<long> ExistingProductIds { get; } = [];
    public Dictionary<string, ProductVariant> VariantByGtin { get; } = [];
    public Dictionary<long, ProductVariant> VariantById { get; } = [];

    /// <summary>The options and variants of the existing products that rows name, to place a new variant among them.</summary>
    public Dictionary<long, (List<ProductOption> Options, List<ProductVariant> Variants)> Families { get; } = [];

    /// <summary>New variants of existing products in this call, by product and option values, so two rows for one share it.</summary>
    public Dictionary<(long ProductId, string Key), ProductVariant> NewVariants { get; } = [];

    /// <summary>The variant each new offer sells, when it is new itself (its id comes with the save).</summary>
    public Dictionary<Offer, ProductVariant> OfferVariant { get; } = new(ReferenceEqualityComparer.Instance);
    /// <summary>New variants of new products in this call, by GTIN, so a second row with that GTIN joins the variant.</summary>
    public Dictionary<string, (NewProduct Product, ProductVariant Variant)> NewVariantByGtin { get; } = [];

    /// <summary>New products in this call by the seller's family key, so rows of one family make one product.</summary>
    public Dictionary<string, NewProduct> NewProductByFamily { get; } = new(StringComparer.Ordinal);
    public Dictionary<Offer, NewProduct> OfferProduct { get; } = new(ReferenceEqualityComparer.Instance);
    public IReadOnlyList<NewProduct> NewProducts => newProducts;

    public static async Task<BatchContext> LoadAsync(MarketplaceDb db, long sellerId, IReadOnlyList<ListingInput> rows, CancellationToken ct)
    {
        var context = new BatchContext();
        foreach (var skus in rows.Select(r => r.Sku.Trim()).Distinct().Chunk(InChunk))
        {
            foreach (var offer in await db.Offers.Where(o => o.SellerId == sellerId && skus.Contains(o.Sku)).ToListAsync(ct))
                context.OfferBySku[offer.Sku] = offer;
        }
        var productIds = rows.Select(r => GlobalId.Parse(r.ProductId, ProductType.TypeName)).OfType<long>().Distinct();
        foreach (var ids in productIds.Chunk(InChunk))
            context.ExistingProductIds.UnionWith(await db.Products.Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct));
        foreach (var ids in context.ExistingProductIds.Chunk(InChunk))
        {
            var options = await db.ProductOptions.AsNoTracking().Include(o => o.Values).Where(o => ids.Contains(o.ProductId)).ToListAsync(ct);
            var variants = await db.ProductVariants.AsNoTracking().Include(v => v.SelectedOptions).Where(v => ids.Contains(v.ProductId)).ToListAsync(ct);
            foreach (var id in ids)
            {
                context.Families[id] = (
                    options.Where(o => o.ProductId == id).OrderBy(o => o.Position).ToList(),
                    variants.Where(v => v.ProductId == id).OrderBy(v => v.Position).ThenBy(v => v.Id).ToList());
            }
        }
        var variantIds = rows.Select(r => GlobalId.Parse(r.VariantId, ProductVariantType.TypeName)).OfType<long>().Distinct();
        foreach (var ids in variantIds.Chunk(InChunk))
        {
            foreach (var variant in await db.ProductVariants.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(ct))
                context.VariantById[variant.Id] = variant;
        }
        var gtins = rows.SelectMany(r => new[] { Gtin.Normalize(r.Product?.Gtin), Gtin.Normalize(r.Variant?.Gtin) }).OfType<string>().Distinct();
        foreach (var chunk in gtins.Chunk(InChunk))
        {
            foreach (var variant in await db.ProductVariants.AsNoTracking().Where(v => v.Gtin != null && chunk.Contains(v.Gtin)).ToListAsync(ct))
                context.VariantByGtin[variant.Gtin!] = variant;
        }
        if (rows.Any(r => r.Product is not null))
        {
            foreach (var category in await db.Categories.AsNoTracking().Select(c => new { c.Id, c.Slug }).ToListAsync(ct))
            {
                context.categoryIds[category.Id] = category.Id;
                context.categoryBySlug[category.Slug] = category.Id;
            }
        }
        return context;
    }

    public int? ResolveCategory(NewProductInput input)
    {
        if (input.CategoryId is not null)
        {
            var id = GlobalId.Parse(input.CategoryId, CategoryType.TypeName);
            return id is not null && categoryIds.ContainsKey((int)Math.Min(id.Value, int.MaxValue)) ? (int)id.Value : null;
        }
        return input.CategorySlug is not null && categoryBySlug.TryGetValue(input.CategorySlug, out var bySlug) ? bySlug : null;
    }

    public void Add(NewProduct product, string? familyKey)
    {
        newProducts.Add(product);
        if (familyKey is not null) NewProductByFamily[familyKey] = product;
        AddVariant(product, product.Product.Variants[0]);
    }

    public void AddVariant(NewProduct product, ProductVariant variant)
    {
        if (!product.Product.Variants.Contains(variant)) product.Product.Variants.Add(variant);
        if (variant.Gtin is { } gtin) NewVariantByGtin[gtin] = (product, variant);
    }

    /// <summary>Gives each new product a unique slug: its title's, or with a short suffix where that is taken.</summary>
    public async Task AssignSlugsAsync(MarketplaceDb db, CancellationToken ct)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in newProducts.Select(p => p.Product.Slug).Distinct().Chunk(InChunk))
            taken.UnionWith(await db.Products.Where(p => chunk.Contains(p.Slug)).Select(p => p.Slug).ToListAsync(ct));
        foreach (var product in newProducts.Select(p => p.Product))
        {
            var slug = product.Slug;
            while (!taken.Add(slug))
                slug = $"{product.Slug}-{Guid.NewGuid().ToString("N")[..6]}";
            product.Slug = slug;
        }
    }
}
