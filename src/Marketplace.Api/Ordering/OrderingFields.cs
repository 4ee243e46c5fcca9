using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Ordering;

public static class OrderingFields
{
    public static void AddOrderingQueries(this ObjectGraphType query)
    {
        query.Field<CartType, PricedCart>("cart")
            .Description($"Your cart (signed in), or a guest's named by the {CartOwner.VisitorHeader} header; null when there is none yet. Signing in with the header merges the guest's cart into yours.")
            .Resolve().WithService<CartService>()
            .ResolveAsync((ctx, carts) => carts.CurrentAsync(ctx.CancellationToken));

        query.Field<ConnectionType<OrderType, Order>, Page<Order>>("orders")
            .Description("Your orders, newest first; every order for admins.")
            .PageArguments()
            .Resolve().WithServices<FulfilmentService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, orders, viewer, limits) => orders.OrdersAsync(viewer, ctx.PageRequest(limits), ctx.CancellationToken)!);

        query.Field<OrderType, Order>("order")
            .Description("One of your orders (any for admins); NOT_FOUND otherwise.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) => orders.OrderAsync(viewer, ctx.GetArgument<string>("id"), ctx.CancellationToken)!);

        query.Field<ConnectionType<SupplierOrderType, SupplierOrder>, Page<SupplierOrder>>("supplierOrders")
            .Description("Seller: your supplier orders, newest first, optionally of one status. Admins see every seller's.")
            .PageArguments()
            .Argument<SupplierOrderStatusType>("status")
            .Resolve().WithServices<FulfilmentService, Viewer, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, orders, viewer, limits) => orders.SupplierOrdersAsync(viewer,
                ctx.GetArgument<SupplierOrderStatus?>("status"), ctx.PageRequest(limits), ctx.CancellationToken)!);

        query.Field<SupplierOrderType, SupplierOrder>("supplierOrder")
            .Description("Seller: one of your supplier orders; NOT_FOUND for another seller's.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) => orders.SupplierOrderAsync(viewer, ctx.GetArgument<string>("id"), ctx.CancellationToken)!);
    }

    public static void AddOrderingMutations(this ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<CartPayloadType>, CartPayload>("addToCart")
            .Description($"Add units of an offer to your cart (or a guest's, with {CartOwner.VisitorHeader}); checks it is for sale and in stock.")
            .Argument<NonNullGraphType<AddToCartInputType>>("input")
            .Resolve().WithService<CartService>()
            .ResolveAsync((ctx, carts) =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                return carts.AddAsync((string)input["offerId"]!, Convert.ToInt32(input["quantity"]), ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<CartPayloadType>, CartPayload>("updateCartLine")
            .Description("Set a line's quantity (0 removes it); the line takes the current price.")
            .Argument<NonNullGraphType<UpdateCartLineInputType>>("input")
            .Resolve().WithService<CartService>()
            .ResolveAsync((ctx, carts) =>
            {
                var input = ctx.GetArgument<Dictionary<string, object?>>("input");
                return carts.UpdateLineAsync((string)input["lineId"]!, Convert.ToInt32(input["quantity"]), ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<CartPayloadType>, CartPayload>("removeCartLine")
            .Argument<NonNullGraphType<RemoveCartLineInputType>>("input")
            .Resolve().WithService<CartService>()
            .ResolveAsync((ctx, carts) =>
                carts.RemoveLineAsync((string)ctx.GetArgument<Dictionary<string, object?>>("input")["lineId"]!, ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<PlaceOrderPayloadType>, PlaceOrderPayload>("placeOrder")
            .Description("Buyer: order your cart. One transaction: stock is reserved, one supplier order per seller is created, the cart is emptied. The same idempotencyKey returns the same order.")
            .Argument<NonNullGraphType<PlaceOrderInputType>>("input")
            .Resolve().WithServices<OrderService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) => orders.PlaceAsync(Buyer(viewer), ctx.GetArgument<PlaceOrderInput>("input"), ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<PlaceOrderPayloadType>, PlaceOrderPayload>("cancelOrder")
            .Description("Buyer: cancel every part of your order while none has shipped; stock returns and the payment is voided.")
            .Argument<NonNullGraphType<OrderIdInputType>>("input")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) =>
                orders.CancelOrderAsync(Buyer(viewer), (string)ctx.GetArgument<Dictionary<string, object?>>("input")["orderId"]!, ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<SupplierOrderPayloadType>, SupplierOrderPayload>("acceptSupplierOrder")
            .Description("Seller: accept a PLACED supplier order.")
            .Argument<NonNullGraphType<SupplierOrderIdInputType>>("input")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) =>
                orders.AcceptAsync(viewer.RequireSeller(), ctx.GetArgument<SupplierOrderActionInput>("input").SupplierOrderId, ctx.CancellationToken)!);

        mutation.Field<NonNullGraphType<SupplierOrderPayloadType>, SupplierOrderPayload>("rejectSupplierOrder")
            .Description("Seller: refuse a PLACED or ACCEPTED supplier order; its stock returns and its payment is voided.")
            .Argument<NonNullGraphType<RejectSupplierOrderInputType>>("input")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) =>
            {
                var input = ctx.GetArgument<SupplierOrderActionInput>("input");
                return orders.RejectAsync(viewer.RequireSeller(), input.SupplierOrderId, input.Reason, ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<SupplierOrderPayloadType>, SupplierOrderPayload>("shipSupplierOrder")
            .Description("Seller: ship an ACCEPTED supplier order with its tracking; its part of the payment is captured.")
            .Argument<NonNullGraphType<ShipSupplierOrderInputType>>("input")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) =>
            {
                var input = ctx.GetArgument<SupplierOrderActionInput>("input");
                return orders.ShipAsync(viewer.RequireSeller(), input.SupplierOrderId, input.Carrier, input.TrackingNumber, ctx.CancellationToken)!;
            });

        mutation.Field<NonNullGraphType<SupplierOrderPayloadType>, SupplierOrderPayload>("markSupplierOrderDelivered")
            .Description("Seller: a SHIPPED supplier order arrived.")
            .Argument<NonNullGraphType<SupplierOrderIdInputType>>("input")
            .Resolve().WithServices<FulfilmentService, Viewer>()
            .ResolveAsync((ctx, orders, viewer) =>
                orders.DeliverAsync(viewer.RequireSeller(), ctx.GetArgument<SupplierOrderActionInput>("input").SupplierOrderId, ctx.CancellationToken)!);
    }

    private static string Buyer(Viewer viewer)
    {
        viewer.RequireAuthenticated();
        return viewer.Subject ?? throw ApiErrors.Forbidden("The token names no subject.");
    }
}
