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
