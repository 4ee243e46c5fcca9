using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Ordering;

/// <summary>
/// After checkout: sellers accept, reject, ship and deliver their supplier orders, buyers cancel until something
/// has shipped, and everyone reads what is theirs. Each move follows <see cref="SupplierOrderStates"/>.
/// </summary>
public sealed class FulfilmentService(MarketplaceDb db, PaymentProviders payments, TimeProvider time, ILogger<FulfilmentService> logger)
{
    public static readonly KeysetOrder<Order> NewestOrders = KeysetOrder<Order>.ById("orders-newest", o => o.Id, descending: true);
    public static readonly KeysetOrder<SupplierOrder> NewestParts = KeysetOrder<SupplierOrder>.ById("supplier-orders-newest", p => p.Id, descending: true);

    private sealed class TransitionLostException : Exception;

    public Task<SupplierOrderPayload> AcceptAsync(long sellerId, string id, CancellationToken ct) =>
        MoveAsync(sellerId, id, SupplierOrderStatus.Accepted, null, ct);

    public Task<SupplierOrderPayload> RejectAsync(long sellerId, string id, string? reason, CancellationToken ct)
    {
        var trimmed = reason?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > Limits.AuditReason)
            return Task.FromResult(new SupplierOrderPayload(null, [new(UserErrorCode.InvalidReason, $"Give a reason of 1 to {Limits.AuditReason} characters.", ["input", "reason"])]));
        return MoveAsync(sellerId, id, SupplierOrderStatus.Rejected, new() { Reason = trimmed }, ct);
    }

    public Task<SupplierOrderPayload> ShipAsync(long sellerId, string id, string? carrier, string? trackingNumber, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        errors.Require(carrier?.Trim() is { Length: > 0 and <= Limits.Name }, UserErrorCode.InvalidTracking, $"carrier must be 1 to {Limits.Name} characters.", "carrier");
        errors.Require(trackingNumber?.Trim() is { Length: > 0 and <= Limits.TrackingNumber }, UserErrorCode.InvalidTracking,
            $"trackingNumber must be 1 to {Limits.TrackingNumber} characters.", "trackingNumber");
        if (errors.Any) return Task.FromResult(new SupplierOrderPayload(null, errors.List));
        return MoveAsync(sellerId, id, SupplierOrderStatus.Shipped, new() { Carrier = carrier!.Trim(), TrackingNumber = trackingNumber!.Trim() }, ct);
    }

    public Task<SupplierOrderPayload> DeliverAsync(long sellerId, string id, CancellationToken ct) =>
        MoveAsync(sellerId, id, SupplierOrderStatus.Delivered, null, ct);

    private async Task<SupplierOrderPayload> MoveAsync(long sellerId, string globalId, SupplierOrderStatus to, SupplierOrderActionInput? details, CancellationToken ct)
    {
        var id = GlobalId.Parse(globalId, OrderService.SupplierOrderTypeName);
        var part = id is null ? null : await db.SupplierOrders.AsNoTracking().Include(p => p.Lines).FirstOrDefaultAsync(p => p.Id == id && p.SellerId == sellerId, ct);
        if (part is null)
            return new(null, [new(UserErrorCode.SupplierOrderNotFound, "You have no supplier order with this id.", ["input", "supplierOrderId"])]);
        if (!SupplierOrderStates.CanMove(part.Status, to))
            return InvalidTransition(part.Status, to);

        var order = await db.Orders.AsNoTracking().FirstAsync(o => o.Id == part.OrderId, ct);
        var provider = payments.For(order.PaymentMethod);
        var payment = part.PaymentState;
        if (to == SupplierOrderStatus.Shipped && part.PaymentState == PaymentState.Authorized)
        {
            var capture = await provider.CaptureAsync(order.PaymentReference, part.TotalMinor, ct);
            if (!capture.Approved)
                return new(null, [new(UserErrorCode.PaymentUnavailable, capture.Message ?? "The payment could not be captured; try again.", ["input", "supplierOrderId"])]);
            payment = PaymentState.Captured;
        }
        if (to == SupplierOrderStatus.Delivered && part.PaymentState == PaymentState.DueOnDelivery) payment = PaymentState.Paid;
        if (to == SupplierOrderStatus.Rejected) payment = PaymentState.Voided;

        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.InTransactionAsync(async token =>
            {
                await ChangeAsync(part, to, payment, details, now, token);
                return true;
            }, ct);
        }
        catch (TransitionLostException)
        {
            var current = await db.SupplierOrders.AsNoTracking().Where(p => p.Id == part.Id).Select(p => p.Status).FirstAsync(ct);
            return InvalidTransition(current, to);
        }
        if (to == SupplierOrderStatus.Rejected)
            await provider.VoidAsync(order.PaymentReference, part.TotalMinor, CancellationToken.None);
        logger.LogInformation("Supplier order {SupplierOrderId} of seller {SellerId} moved from {From} to {To}.", part.Id, sellerId, part.Status, to);
        return new(await db.SupplierOrders.AsNoTracking().FirstAsync(p => p.Id == part.Id, ct), []);
    }

    /// <summary>The buyer cancels every part of an order, as long as none has shipped; stock comes back and the payment is voided.</summary>
    public async Task<PlaceOrderPayload> CancelOrderAsync(string buyerId, string globalId, CancellationToken ct)
    {
        var id = GlobalId.Parse(globalId, OrderService.OrderTypeName);
        var order = id is null ? null : await db.Orders.AsNoTracking().Include(o => o.Parts).ThenInclude(p => p.Lines)
            .FirstOrDefaultAsync(o => o.Id == id && o.BuyerId == buyerId, ct);
        if (order is null)
            return new(null, [new(UserErrorCode.OrderNotFound, "You have no order with this id.", ["input", "orderId"])]);
        var open = order.Parts.Where(p => !SupplierOrderStates.Closed(p.Status)).ToList();
        if (open.Count == 0 || open.Any(p => !SupplierOrderStates.CanMove(p.Status, SupplierOrderStatus.Cancelled)))
            return new(null, [new(UserErrorCode.InvalidTransition,
                "The order can no longer be cancelled: a part has shipped, or every part is already closed.", ["input", "orderId"])]);

        var now = time.GetUtcNow().UtcDateTime;
        try
        {
            await db.InTransactionAsync(async token =>
            {
                foreach (var part in open)
                    await ChangeAsync(part, SupplierOrderStatus.Cancelled, PaymentState.Voided, null, now, token);
                return true;
            }, ct);
        }
        catch (TransitionLostException)
        {
            return new(null, [new(UserErrorCode.InvalidTransition, "A seller changed a part of the order at the same time; it can no longer be cancelled.", ["input", "orderId"])]);
        }
        var provider = payments.For(order.PaymentMethod);
        await provider.VoidAsync(order.PaymentReference, open.Sum(p => p.TotalMinor), CancellationToken.None);
        logger.LogInformation("Buyer {BuyerId} cancelled order {OrderId}.", buyerId, order.Id);
        return new(await db.Orders.AsNoTracking().FirstAsync(o => o.Id == order.Id, ct), []);
    }

    /// <summary>
    /// One move, inside the caller's transaction: a conditional UPDATE from the state the part was read in (so a
    /// concurrent move makes this one fail), the stock back for a rejected or cancelled part, and the events.
    /// </summary>
    private async Task ChangeAsync(SupplierOrder part, SupplierOrderStatus to, PaymentState payment, SupplierOrderActionInput? details, DateTime now, CancellationToken ct)
    {
        var from = part.Status;
        var rows = await db.SupplierOrders.Where(p => p.Id == part.Id && p.Status == from).ExecuteUpdateAsync(set =>
        {
            set.SetProperty(p => p.Status, to).SetProperty(p => p.UpdatedAt, now).SetProperty(p => p.PaymentState, payment);
            if (to == SupplierOrderStatus.Shipped)
                set.SetProperty(p => p.Carrier, details!.Carrier).SetProperty(p => p.TrackingNumber, details.TrackingNumber).SetProperty(p => p.ShippedAt, now);
            if (to == SupplierOrderStatus.Delivered) set.SetProperty(p => p.DeliveredAt, now);
            if (to == SupplierOrderStatus.Rejected) set.SetProperty(p => p.RejectReason, details!.Reason);
        }, ct);
        if (rows != 1) throw new TransitionLostException();

        if (SupplierOrderStates.Closed(to))
        {
            foreach (var line in part.Lines.OrderBy(l => l.OfferId))
                await OfferStock.AddAsync(db.Offers.Where(o => o.Id == line.OfferId), line.Quantity, now, ct);
            await CatalogChanges.ProductsChangedAsync(db, [.. part.Lines.Select(l => l.ProductId).Distinct()], now, ct);
        }
        var status = to.ToString().ToLowerInvariant();
        var supplierOrderId = GlobalId.Encode(OrderService.SupplierOrderTypeName, part.Id);
        await WebhookEvents.EnqueueAsync(db, part.SellerId, $"supplier_order.{status}", new
        {
            supplierOrderId,
            status = status.ToUpperInvariant(),
            previousStatus = from.ToString().ToUpperInvariant(),
            carrier = details?.Carrier,
            trackingNumber = details?.TrackingNumber,
            reason = details?.Reason,
        }, now, ct);
        await SubscriptionEvents.PublishAsync(db, OrderService.UpdatedSubscription, part.SellerId.ToString(),
            new { supplierOrderId, status = status.ToUpperInvariant() }, now, ct);
    }

    private static SupplierOrderPayload InvalidTransition(SupplierOrderStatus from, SupplierOrderStatus to) =>
        new(null, [new(UserErrorCode.InvalidTransition,
            $"A {from.ToString().ToUpperInvariant()} supplier order cannot become {to.ToString().ToUpperInvariant()}.", ["input", "supplierOrderId"])]);

    // Reading: buyers see their orders, sellers their supplier orders, admins everything.

    public Task<Page<Order>> OrdersAsync(Viewer viewer, PageRequest page, CancellationToken ct)
    {
        viewer.RequireAuthenticated();
        var orders = db.Orders.AsNoTracking();
        if (!viewer.IsAdmin) orders = orders.Where(o => o.BuyerId == viewer.Subject);
        return NewestOrders.PageAsync(orders, page, ct);
    }

    public async Task<Order> OrderAsync(Viewer viewer, string globalId, CancellationToken ct)
    {
        viewer.RequireAuthenticated();
        var id = GlobalId.Parse(globalId, OrderService.OrderTypeName);
        var order = id is null ? null : await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct);
        return order is not null && (viewer.IsAdmin || order.BuyerId == viewer.Subject)
            ? order
            : throw ApiErrors.NotFound("You have no order with this id.");
    }

    public Task<Page<SupplierOrder>> SupplierOrdersAsync(Viewer viewer, SupplierOrderStatus? status, PageRequest page, CancellationToken ct)
    {
        viewer.RequireAuthenticated();
        var parts = db.SupplierOrders.AsNoTracking();
        if (!viewer.IsAdmin)
        {
            var sellerId = viewer.RequireSeller();
            parts = parts.Where(p => p.SellerId == sellerId);
        }
        if (status is not null) parts = parts.Where(p => p.Status == status);
        return NewestParts.PageAsync(parts, page, ct);
    }

    public async Task<SupplierOrder> SupplierOrderAsync(Viewer viewer, string globalId, CancellationToken ct)
    {
        viewer.RequireAuthenticated();
        if (!viewer.IsAdmin) viewer.RequireSeller();
        var id = GlobalId.Parse(globalId, OrderService.SupplierOrderTypeName);
        var part = id is null ? null : await db.SupplierOrders.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        return part is not null && viewer.ActsFor(part.SellerId)
            ? part
            : throw ApiErrors.NotFound("You have no supplier order with this id.");
    }
}
