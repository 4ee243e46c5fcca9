namespace Marketplace.Api.Ordering;

/// <summary>A buyer's checkout: one payment, split into one <see cref="SupplierOrder"/> per seller.</summary>
public sealed class Order
{
    public long Id { get; set; }
    public required string BuyerId { get; set; }
    public required string IdempotencyKey { get; set; }
    public long CartId { get; set; }

    /// <summary>The cart's lines when ordered (offer:quantity, sorted): a retry with the same key must send the same cart.</summary>
    public required string CartFingerprint { get; set; }
    public required string Currency { get; set; }
    public long SubtotalMinor { get; set; }
    public long ShippingMinor { get; set; }
    public long TotalMinor { get; set; }
    public PaymentMethodKind PaymentMethod { get; set; }
    public string? PaymentReference { get; set; }
    public ShippingAddress ShippingAddress { get; set; } = new();
    public DateTime CreatedAt { get; set; }
    public List<SupplierOrder> Parts { get; set; } = [];
}

public sealed class ShippingAddress
{
    public string Name { get; set; } = "";
    public string Line1 { get; set; } = "";
    public string? Line2 { get; set; }
    public string City { get; set; } = "";
    public string? Region { get; set; }
    public string PostalCode { get; set; } = "";
    public string CountryCode { get; set; } = "";
}

/// <summary>One seller's part of an order: what it ships, what it earns, and where it is in <see cref="SupplierOrderStates"/>.</summary>
public sealed class SupplierOrder
{
    public long Id { get; set; }
    public long OrderId { get; set; }
    public long SellerId { get; set; }
    public SupplierOrderStatus Status { get; set; }
    public required string Currency { get; set; }
    public long SubtotalMinor { get; set; }
    public long ShippingMinor { get; set; }
    public long TotalMinor { get; set; }
    public int CommissionBps { get; set; }
    public long CommissionMinor { get; set; }
    public long PayoutMinor { get; set; }
    public PaymentState PaymentState { get; set; }
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    public string? RejectReason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public List<SupplierOrderLine> Lines { get; set; } = [];
}

/// <summary>A line as sold: a snapshot of title, options, SKU and price, so later catalog edits do not rewrite history.</summary>
public sealed class SupplierOrderLine
{
    public long Id { get; set; }
    public long SupplierOrderId { get; set; }
    public long OfferId { get; set; }
    public long ProductId { get; set; }
    public long VariantId { get; set; }
    public required string Title { get; set; }
    public required string VariantTitle { get; set; }
    public required string Sku { get; set; }
    public long UnitPriceMinor { get; set; }
    public int Quantity { get; set; }
    public long LineTotalMinor { get; set; }
}

public enum SupplierOrderStatus { Placed, Accepted, Rejected, Shipped, Delivered, Cancelled }

public enum PaymentState { Authorized, Captured, Voided, DueOnDelivery, Paid }

public enum PaymentMethodKind { Invoice, TestCard }

/// <summary>The buyer's view of a whole order, derived from its parts.</summary>
public enum OrderStatus { Placed, Accepted, PartiallyShipped, Shipped, PartiallyDelivered, Delivered, Cancelled }

/// <summary>
/// The supplier order state machine. Every change is one conditional UPDATE whose WHERE names the states it may
/// leave, so two concurrent changes cannot both apply.
/// </summary>
public static class SupplierOrderStates
{
    public static readonly IReadOnlyDictionary<SupplierOrderStatus, SupplierOrderStatus[]> From = new Dictionary<SupplierOrderStatus, SupplierOrderStatus[]>
    {
        [SupplierOrderStatus.Accepted] = [SupplierOrderStatus.Placed],
        [SupplierOrderStatus.Rejected] = [SupplierOrderStatus.Placed, SupplierOrderStatus.Accepted],
        [SupplierOrderStatus.Shipped] = [SupplierOrderStatus.Accepted],
        [SupplierOrderStatus.Delivered] = [SupplierOrderStatus.Shipped],
        [SupplierOrderStatus.Cancelled] = [SupplierOrderStatus.Placed, SupplierOrderStatus.Accepted],
    };

    public static bool CanMove(SupplierOrderStatus from, SupplierOrderStatus to) => From.TryGetValue(to, out var sources) && sources.Contains(from);

    public static bool Closed(SupplierOrderStatus status) => status is SupplierOrderStatus.Rejected or SupplierOrderStatus.Cancelled;

    public static OrderStatus Overall(IReadOnlyCollection<SupplierOrderStatus> parts)
    {
        var open = parts.Where(s => !Closed(s)).ToList();
        if (open.Count == 0) return OrderStatus.Cancelled;
        if (open.All(s => s == SupplierOrderStatus.Delivered)) return OrderStatus.Delivered;
        if (open.Any(s => s == SupplierOrderStatus.Delivered)) return OrderStatus.PartiallyDelivered;
        if (open.All(s => s == SupplierOrderStatus.Shipped)) return OrderStatus.Shipped;
        if (open.Any(s => s == SupplierOrderStatus.Shipped)) return OrderStatus.PartiallyShipped;
        if (open.All(s => s == SupplierOrderStatus.Accepted)) return OrderStatus.Accepted;
        return OrderStatus.Placed;
    }
}
