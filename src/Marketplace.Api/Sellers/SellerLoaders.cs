using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Loading;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Sellers;

public sealed class SellerByIdLoader(MarketplaceDb db) : EntityLoader<long, Seller>
{
    protected override async Task<IReadOnlyDictionary<long, Seller?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.Sellers.AsNoTracking().Where(s => keys.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => (Seller?)s, ct);
}

public sealed class ShippingRatesBySellerLoader(MarketplaceDb db) : Marketplace.Api.GraphQL.Loading.ListLoader<long, ShippingRate>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<ShippingRate>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var rates = await db.ShippingRates.AsNoTracking().Where(r => keys.Contains(r.SellerId)).OrderBy(r => r.Id).ToListAsync(ct);
        return rates.GroupBy(r => r.SellerId).ToDictionary(g => g.Key, g => (IReadOnlyList<ShippingRate>)g.ToList());
    }
}
