using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.GraphQL.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Ordering;

public static class OrderingSubscriptions
{
    /// <summary>Live seller dashboards: the signed-in seller's supplier orders as they are placed and as they change.</summary>
    public static void AddOrderingSubscriptions(this ObjectGraphType subscription)
    {
        Stream(subscription, "supplierOrderPlaced", "Supplier orders placed with the signed-in seller (seller role), from the moment of subscribing.");
        Stream(subscription, "supplierOrderUpdated", "Status changes of the signed-in seller's supplier orders (seller role), from the moment of subscribing.");
    }

    private static void Stream(ObjectGraphType subscription, string name, string description) =>
        subscription.Field<SupplierOrderType>(name)
            .Description(description)
            .ResolveStream(ctx => SellerEvents.OfSignedInSeller(ctx, name))
            .ResolveAsync(async ctx =>
            {
                var raised = ((SubscriptionEvents.SubscriptionEvent)ctx.Source!).Data.GetProperty("supplierOrderId");
                var id = raised.ValueKind == System.Text.Json.JsonValueKind.Number ? raised.GetInt64()
                    : GlobalId.Parse(raised.GetString(), OrderService.SupplierOrderTypeName) ?? 0;
                return await ctx.RequestServices!.GetRequiredService<MarketplaceDb>().SupplierOrders.AsNoTracking()
                    .FirstOrDefaultAsync(o => o.Id == id, ctx.CancellationToken);
            });
}
