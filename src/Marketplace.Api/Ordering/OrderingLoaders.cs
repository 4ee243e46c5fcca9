using GraphQL.DataLoader;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Loading;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Ordering;

public sealed class PartsByOrderLoader(MarketplaceDb db) : ListLoader<long, SupplierOrder>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<SupplierOrder>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var parts = await db.SupplierOrders.AsNoTracking().Where(p => keys.Contains(p.OrderId)).OrderBy(p => p.Id).ToListAsync(ct);
        return parts.GroupBy(p => p.OrderId).ToDictionary(g => g.Key, g => (IReadOnlyList<SupplierOrder>)g.ToList());
    }
}

public sealed class LinesBySupplierOrderLoader(MarketplaceDb db) : ListLoader<long, SupplierOrderLine>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<SupplierOrderLine>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var lines = await db.SupplierOrderLines.AsNoTracking().Where(l => keys.Contains(l.SupplierOrderId)).OrderBy(l => l.Id).ToListAsync(ct);
        return lines.GroupBy(l => l.SupplierOrderId).ToDictionary(g => g.Key, g => (IReadOnlyList<SupplierOrderLine>)g.ToList());
    }
}

public sealed class OrderByIdLoader(MarketplaceDb db) : EntityLoader<long, Order>
{
    protected override async Task<IReadOnlyDictionary<long, Order?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.Orders.AsNoTracking().Where(o => keys.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => (Order?)o, ct);
}

public sealed class SupplierOrderByIdLoader(MarketplaceDb db) : EntityLoader<long, SupplierOrder>
{
    protected override async Task<IReadOnlyDictionary<long, SupplierOrder?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        await db.SupplierOrders.AsNoTracking().Where(p => keys.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => (SupplierOrder?)p, ct);
}

/// <summary>node(id) for orders: only the buyer's own, or any for an admin.</summary>
public sealed class OrderNodeResolver : INodeResolver
{
    public string TypeName => OrderService.OrderTypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id)
    {
        var viewer = services.GetRequiredService<Viewer>();
        return services.GetRequiredService<OrderByIdLoader>().Load(id, o => (object?)(o is not null && viewer.IsAuthenticated && (viewer.IsAdmin || o.BuyerId == viewer.Subject) ? o : null));
    }
}

/// <summary>node(id) for supplier orders: only the seller's own, or any for an admin.</summary>
public sealed class SupplierOrderNodeResolver : INodeResolver
{
    public string TypeName => OrderService.SupplierOrderTypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id)
    {
        var viewer = services.GetRequiredService<Viewer>();
        return services.GetRequiredService<SupplierOrderByIdLoader>().Load(id, p => (object?)(p is not null && viewer.ActsFor(p.SellerId) ? p : null));
    }
}
