using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Loading;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Catalog;

public sealed class ProductByIdLoader(MarketplaceDb db) : EntityLoader<long, Product>
{
    protected override async Task<IReadOnlyDictionary<long, Product?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.Products.AsNoTracking().Where(p => keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (Product?)p, ct);
}

public sealed class CategoryByIdLoader(MarketplaceDb db) : EntityLoader<int, Category>
{
    protected override async Task<IReadOnlyDictionary<int, Category?>> FetchAsync(IReadOnlyCollection<int> keys, CancellationToken ct) =>
        await db.Categories.AsNoTracking().Where(c => keys.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (Category?)c, ct);
}

public sealed class CategoriesByParentLoader(MarketplaceDb db) : ListLoader<int, Category>
{
    protected override async Task<IReadOnlyDictionary<int, IReadOnlyList<Category>>> FetchAsync(IReadOnlyCollection<int> keys, CancellationToken ct)
    {
        var children = await db.Categories.AsNoTracking()
            .Where(c => c.ParentId != null && keys.Contains(c.ParentId.Value))
            .OrderBy(c => c.Position).ThenBy(c => c.Name)
            .ToListAsync(ct);
        return children.GroupBy(c => c.ParentId!.Value).ToDictionary(g => g.Key, g => (IReadOnlyList<Category>)g.ToList());
    }
}

/// <summary>A product's first visible offers, cheapest first: one query for every product and page size of a level.</summary>
public sealed class OffersByProductLoader(MarketplaceDb db) : ListLoader<(long ProductId, int Take), Offer>
{
    protected override async Task<IReadOnlyDictionary<(long ProductId, int Take), IReadOnlyList<Offer>>> FetchAsync(
        IReadOnlyCollection<(long ProductId, int Take)> keys, CancellationToken ct)
    {
        var take = keys.Max(k => k.Take);
        var productIds = keys.Select(k => k.ProductId).Distinct().ToList();
        // The window runs over these products' offers only: filtering just the outer join would rank every offer.
        var visible = VisibleOffers.Of(db).Where(o => productIds.Contains(o.ProductId));
        var offers = await db.Products.AsNoTracking()
            .Where(p => productIds.Contains(p.Id))
            .SelectMany(p => visible.Where(o => o.ProductId == p.Id).OrderBy(o => o.PriceMinor).ThenBy(o => o.Id).Take(take))
            .ToListAsync(ct);
        var byProduct = offers.GroupBy(o => o.ProductId).ToDictionary(g => g.Key, g => g.OrderBy(o => o.PriceMinor).ThenBy(o => o.Id).ToList());
        return keys.ToDictionary(k => k, k => byProduct.TryGetValue(k.ProductId, out var found) ? (IReadOnlyList<Offer>)found.Take(k.Take).ToList() : []);
    }
}

/// <summary>The offer a buy button takes: the cheapest in stock, else the cheapest.</summary>
public sealed class BestOfferByProductLoader(MarketplaceDb db) : EntityLoader<long, Offer>
{
    protected override async Task<IReadOnlyDictionary<long, Offer?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var visible = VisibleOffers.Of(db).Where(o => keys.Contains(o.ProductId));
        var best = await db.Products.AsNoTracking()
            .Where(p => keys.Contains(p.Id))
            .SelectMany(p => visible.Where(o => o.ProductId == p.Id).OrderBy(o => o.Stock > 0 ? 0 : 1).ThenBy(o => o.PriceMinor).ThenBy(o => o.Id).Take(1))
            .ToListAsync(ct);
        return best.ToDictionary(o => o.ProductId, o => (Offer?)o);
    }
}

public sealed class AttributesByProductLoader(MarketplaceDb db) : ListLoader<long, ProductAttribute>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<ProductAttribute>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var attributes = await db.ProductAttributes.AsNoTracking().Where(a => keys.Contains(a.ProductId)).ToListAsync(ct);
        return attributes.GroupBy(a => a.ProductId).ToDictionary(g => g.Key, g => (IReadOnlyList<ProductAttribute>)g.OrderBy(a => a.Name).ToList());
    }
}

public sealed class ImagesByProductLoader(MarketplaceDb db) : ListLoader<long, ProductImage>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<ProductImage>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var images = await db.ProductImages.AsNoTracking().Where(i => keys.Contains(i.ProductId)).OrderBy(i => i.Position).ToListAsync(ct);
        return images.GroupBy(i => i.ProductId).ToDictionary(g => g.Key, g => (IReadOnlyList<ProductImage>)g.ToList());
    }
}

/// <summary>Offers by id with whether buyers may see them (active offer of an active seller).</summary>
public sealed class OfferByIdLoader(MarketplaceDb db) : EntityLoader<long, OfferByIdLoader.Result>
{
    public sealed record Result(Offer Offer, bool Visible);

    protected override async Task<IReadOnlyDictionary<long, Result?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var visible = VisibleOffers.Of(db);
        var rows = await db.Offers.AsNoTracking().Where(o => keys.Contains(o.Id))
            .Select(o => new { Offer = o, Visible = visible.Any(v => v.Id == o.Id) })
            .ToListAsync(ct);
        return rows.ToDictionary(r => r.Offer.Id, r => (Result?)new Result(r.Offer, r.Visible));
    }
}
