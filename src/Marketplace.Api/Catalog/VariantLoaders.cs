using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Loading;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Catalog;

/// <summary>A product's variants in position order, with the option values each has selected.</summary>
public sealed class VariantsByProductLoader(MarketplaceDb db) : ListLoader<long, ProductVariant>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<ProductVariant>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var variants = await db.ProductVariants.AsNoTracking().Include(v => v.SelectedOptions.OrderBy(o => o.Position))
            .Where(v => keys.Contains(v.ProductId)).OrderBy(v => v.Position).ThenBy(v => v.Id).ToListAsync(ct);
        return variants.GroupBy(v => v.ProductId).ToDictionary(g => g.Key, g => (IReadOnlyList<ProductVariant>)g.ToList());
    }
}

public sealed class VariantByIdLoader(MarketplaceDb db) : EntityLoader<long, ProductVariant>
{
    protected override async Task<IReadOnlyDictionary<long, ProductVariant?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.ProductVariants.AsNoTracking().Include(v => v.SelectedOptions.OrderBy(o => o.Position))
            .Where(v => keys.Contains(v.Id)).ToDictionaryAsync(v => v.Id, v => (ProductVariant?)v, ct);
}

/// <summary>A product's options in position order, each with its values in the order a picker shows them.</summary>
public sealed class OptionsByProductLoader(MarketplaceDb db) : ListLoader<long, ProductOption>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<ProductOption>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var options = await db.ProductOptions.AsNoTracking().Include(o => o.Values.OrderBy(v => v.Position))
            .Where(o => keys.Contains(o.ProductId)).OrderBy(o => o.Position).ToListAsync(ct);
        return options.GroupBy(o => o.ProductId).ToDictionary(g => g.Key, g => (IReadOnlyList<ProductOption>)g.ToList());
    }
}

/// <summary>A variant's first visible offers, cheapest first: one query for every variant and page size of a level.</summary>
public sealed class OffersByVariantLoader(MarketplaceDb db) : ListLoader<(long VariantId, int Take), Offer>
{
    protected override async Task<IReadOnlyDictionary<(long VariantId, int Take), IReadOnlyList<Offer>>> FetchAsync(
        IReadOnlyCollection<(long VariantId, int Take)> keys, CancellationToken ct)
    {
        var take = keys.Max(k => k.Take);
        var variantIds = keys.Select(k => k.VariantId).Distinct().ToList();
        var visible = VisibleOffers.Of(db).Where(o => variantIds.Contains(o.VariantId));
        var offers = await db.ProductVariants.AsNoTracking()
            .Where(v => variantIds.Contains(v.Id))
            .SelectMany(v => visible.Where(o => o.VariantId == v.Id).OrderBy(o => o.PriceMinor).ThenBy(o => o.Id).Take(take))
            .ToListAsync(ct);
        var byVariant = offers.GroupBy(o => o.VariantId).ToDictionary(g => g.Key, g => g.OrderBy(o => o.PriceMinor).ThenBy(o => o.Id).ToList());
        return keys.ToDictionary(k => k, k => byVariant.TryGetValue(k.VariantId, out var found) ? (IReadOnlyList<Offer>)found.Take(k.Take).ToList() : []);
    }
}

/// <summary>The offer a variant's buy button takes: the cheapest in stock, else the cheapest.</summary>
public sealed class BestOfferByVariantLoader(MarketplaceDb db) : EntityLoader<long, Offer>
{
    protected override async Task<IReadOnlyDictionary<long, Offer?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var visible = VisibleOffers.Of(db).Where(o => keys.Contains(o.VariantId));
        var best = await db.ProductVariants.AsNoTracking()
            .Where(v => keys.Contains(v.Id))
            .SelectMany(v => visible.Where(o => o.VariantId == v.Id).OrderBy(o => o.Stock > 0 ? 0 : 1).ThenBy(o => o.PriceMinor).ThenBy(o => o.Id).Take(1))
            .ToListAsync(ct);
        return best.ToDictionary(o => o.VariantId, o => (Offer?)o);
    }
}
