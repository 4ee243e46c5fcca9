namespace Marketplace.Api.Ordering;

public sealed class PlaceOrderInput
{
    public string CartId { get; init; } = "";
    public ShippingAddressInput ShippingAddress { get; init; } = new();
    public PaymentMethodInput PaymentMethod { get; init; } = new();
    public string IdempotencyKey { get; init; } = "";
}

public sealed class ShippingAddressInput
{
    public string Name { get; init; } = "";
    public string Line1 { get; init; } = "";
    public string? Line2 { get; init; }
    public string City { get; init; } = "";
    public string? Region { get; init; }
    public string PostalCode { get; init; } = "";
    public string CountryCode { get; init; } = "";
}

public sealed class PaymentMethodInput
{
    public PaymentMethodKind Type { get; init; } = PaymentMethodKind.Invoice;
    public string? CardNumber { get; init; }
}

public sealed class SupplierOrderActionInput
{
    public string SupplierOrderId { get; init; } = "";
    public string? Reason { get; init; }
    public string? Carrier { get; init; }
    public string? TrackingNumber { get; init; }
}

public sealed record PlaceOrderPayload(Order? Order, IReadOnlyList<Marketplace.Api.GraphQL.UserError> UserErrors);

public sealed record SupplierOrderPayload(SupplierOrder? SupplierOrder, IReadOnlyList<Marketplace.Api.GraphQL.UserError> UserErrors);
