using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Sellers;

namespace Marketplace.Api.Ordering;

public sealed class CartType : ObjectGraphType<PricedCart>
{
    public CartType()
    {
        Name = CartService.TypeName;
        Description = "Your cart, priced now: lines grouped by seller, each seller's shipping, and warnings about anything that changed.";
        Interface<NodeInterface>();
        IsTypeOf = value => value is PricedCart;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Pass it to placeOrder.").Resolve(ctx => GlobalId.Encode(CartService.TypeName, ctx.Source.Cart.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CartSellerGroupType>>>>("sellers").Resolve(ctx => ctx.Source.Sellers);
        Field<NonNullGraphType<IntGraphType>>("itemCount").Description("Units in the cart.").Resolve(ctx => ctx.Source.ItemCount);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(ctx => new Money(ctx.Source.SubtotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("shipping").Description("Every seller's shipping at its cheapest rate; the address's country decides at checkout.")
            .Resolve(ctx => new Money(ctx.Source.ShippingMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("total").Resolve(ctx => new Money(ctx.Source.TotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CartWarningType>>>>("warnings")
            .Description("Prices that changed since a line was added, stock that ran short, offers no longer for sale.")
            .Resolve(ctx => ctx.Source.Warnings);
    }
}

public sealed class CartSellerGroupType : ObjectGraphType<CartSellerGroup>
{
    public CartSellerGroupType()
    {
        Name = "CartSellerGroup";
        Description = "One seller's lines: it ships them as one supplier order.";
        Field<NonNullGraphType<SellerType>>("seller").Resolve(ctx => ctx.Source.Seller);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CartLineType>>>>("lines").Resolve(ctx => ctx.Source.Lines);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(ctx => new Money(ctx.Source.SubtotalMinor, Currency(ctx.Source)));
        Field<MoneyType>("shipping").Description("The seller's flat rate, free above its threshold; null when it does not ship to the country.")
            .Resolve(ctx => ctx.Source.ShippingMinor is { } minor ? new Money(minor, Currency(ctx.Source)) : null);
        Field<NonNullGraphType<MoneyType>>("total").Resolve(ctx => new Money(ctx.Source.TotalMinor, Currency(ctx.Source)));
    }

    private static string Currency(CartSellerGroup group) => group.Lines.FirstOrDefault()?.Offer?.Currency ?? "USD";
}

public sealed class CartLineType : ObjectGraphType<PricedLine>
{
    public CartLineType()
    {
        Name = CartService.LineTypeName;
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(ctx => GlobalId.Encode(CartService.LineTypeName, ctx.Source.Line.Id));
        Field<NonNullGraphType<IntGraphType>>("quantity").Resolve(ctx => ctx.Source.Line.Quantity);
        Field<OfferType>("offer").Resolve(ctx => ctx.Source.Offer);
        Field<NonNullGraphType<BooleanGraphType>>("available").Description("Whether the offer is still for sale.").Resolve(ctx => ctx.Source.Available);
        Field<NonNullGraphType<MoneyType>>("unitPrice").Description("The price now.").Resolve(ctx => new Money(ctx.Source.UnitPriceMinor, ctx.Source.Offer!.Currency));
        Field<NonNullGraphType<MoneyType>>("lineTotal").Resolve(ctx => new Money(ctx.Source.LineTotalMinor, ctx.Source.Offer!.Currency));
        Field<NonNullGraphType<BooleanGraphType>>("priceChanged").Description("The price differs from when you added the line.").Resolve(ctx => ctx.Source.PriceChanged);
        Field<NonNullGraphType<ProductType>, IDataLoaderResult<Product?>>("product")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Offer!.ProductId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SelectedOptionType>>>, IDataLoaderResult<IReadOnlyList<VariantOptionValue>>>("selectedOptions")
            .Description("The variant's option values (Size: M); empty for a product without options.")
            .Resolve().WithService<VariantByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Offer!.VariantId, v => (IReadOnlyList<VariantOptionValue>)(v?.SelectedOptions ?? [])));
        Field<NonNullGraphType<SellerType>, IDataLoaderResult<Seller?>>("seller")
            .Resolve().WithService<SellerByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Offer!.SellerId));
    }
}

public sealed class CartWarningCodeType : EnumerationGraphType<CartWarningCode>
{
    public CartWarningCodeType() => Name = "CartWarningCode";
}

public sealed class CartWarningType : ObjectGraphType<CartWarning>
{
    public CartWarningType()
    {
        Name = "CartWarning";
        Field<NonNullGraphType<CartWarningCodeType>>("code").Resolve(ctx => ctx.Source.Code);
        Field(w => w.Message);
        Field<IdGraphType>("lineId").Resolve(ctx => ctx.Source.LineId is { } id ? GlobalId.Encode(CartService.LineTypeName, id) : null);
    }
}

public sealed class CartPayloadType : ObjectGraphType<CartPayload>
{
    public CartPayloadType()
    {
        Name = "CartPayload";
        Field<CartType>("cart").Resolve(ctx => ctx.Source.Cart);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class AddToCartInputType : InputObjectGraphType
{
    public AddToCartInputType()
    {
        Name = "AddToCartInput";
        Field<NonNullGraphType<IdGraphType>>("offerId");
        Field<NonNullGraphType<IntGraphType>>("quantity").DefaultValue(1);
    }
}

public sealed class UpdateCartLineInputType : InputObjectGraphType
{
    public UpdateCartLineInputType()
    {
        Name = "UpdateCartLineInput";
        Field<NonNullGraphType<IdGraphType>>("lineId");
        Field<NonNullGraphType<IntGraphType>>("quantity").Description("0 removes the line.");
    }
}

public sealed class RemoveCartLineInputType : InputObjectGraphType
{
    public RemoveCartLineInputType()
    {
        Name = "RemoveCartLineInput";
        Field<NonNullGraphType<IdGraphType>>("lineId");
    }
}

public sealed class PaymentMethodKindType : EnumerationGraphType<PaymentMethodKind>
{
    public PaymentMethodKindType()
    {
        Name = "PaymentMethodType";
        Description = "INVOICE: pay on delivery, nothing authorized. TEST_CARD: the embedded test processor (4242424242424242 approves, 4000000000000002 is declined, 4000000000000119 fails transiently).";
    }
}

public sealed class PaymentMethodInputType : InputObjectGraphType<PaymentMethodInput>
{
    public PaymentMethodInputType()
    {
        Name = "PaymentMethodInput";
        Field<NonNullGraphType<PaymentMethodKindType>>("type");
        Field(x => x.CardNumber, nullable: true).MaxLength(32).Description("For TEST_CARD.");
    }
}

public sealed class ShippingAddressInputType : InputObjectGraphType<ShippingAddressInput>
{
    public ShippingAddressInputType()
    {
        Name = "ShippingAddressInput";
        Field(x => x.Name).MaxLength(Limits.Name);
        Field(x => x.Line1).MaxLength(Limits.AddressLine);
        Field(x => x.Line2, nullable: true).MaxLength(Limits.AddressLine);
        Field(x => x.City).MaxLength(Limits.AddressLine);
        Field(x => x.Region, nullable: true).MaxLength(Limits.AddressLine);
        Field(x => x.PostalCode).MaxLength(Limits.PostalCode);
        Field(x => x.CountryCode).MaxLength(2).Description("ISO 3166 alpha-2; picks each seller's shipping rate.");
    }
}

public sealed class ShippingAddressType : ObjectGraphType<ShippingAddress>
{
    public ShippingAddressType()
    {
        Name = "ShippingAddress";
        Field(x => x.Name);
        Field(x => x.Line1);
        Field(x => x.Line2, nullable: true);
        Field(x => x.City);
        Field(x => x.Region, nullable: true);
        Field(x => x.PostalCode);
        Field(x => x.CountryCode);
    }
}

public sealed class PlaceOrderInputType : InputObjectGraphType<PlaceOrderInput>
{
    public PlaceOrderInputType()
    {
        Name = "PlaceOrderInput";
        Field<NonNullGraphType<IdGraphType>>("cartId");
        Field<NonNullGraphType<ShippingAddressInputType>>("shippingAddress");
        Field<NonNullGraphType<PaymentMethodInputType>>("paymentMethod");
        Field(x => x.IdempotencyKey).MaxLength(Limits.IdempotencyKey)
            .Description("Your id for this purchase: sending it again (a retry) returns the same order, never a second one.");
    }
}

public sealed class OrderIdInputType : InputObjectGraphType
{
    public OrderIdInputType()
    {
        Name = "OrderIdInput";
        Field<NonNullGraphType<IdGraphType>>("orderId");
    }
}

public sealed class SupplierOrderIdInputType : InputObjectGraphType<SupplierOrderActionInput>
{
    public SupplierOrderIdInputType()
    {
        Name = "SupplierOrderIdInput";
        Field<NonNullGraphType<IdGraphType>>("supplierOrderId");
    }
}

public sealed class RejectSupplierOrderInputType : InputObjectGraphType<SupplierOrderActionInput>
{
    public RejectSupplierOrderInputType()
    {
        Name = "RejectSupplierOrderInput";
        Field<NonNullGraphType<IdGraphType>>("supplierOrderId");
        Field<NonNullGraphType<StringGraphType>>("reason").MaxLength(Limits.AuditReason);
    }
}

public sealed class ShipSupplierOrderInputType : InputObjectGraphType<SupplierOrderActionInput>
{
    public ShipSupplierOrderInputType()
    {
        Name = "ShipSupplierOrderInput";
        Field<NonNullGraphType<IdGraphType>>("supplierOrderId");
        Field<NonNullGraphType<StringGraphType>>("carrier").MaxLength(Limits.Name);
        Field<NonNullGraphType<StringGraphType>>("trackingNumber").MaxLength(Limits.TrackingNumber);
    }
}

public sealed class OrderStatusType : EnumerationGraphType<OrderStatus>
{
    public OrderStatusType()
    {
        Name = "OrderStatus";
        Description = "An order's overall status, derived from its parts (rejected and cancelled parts aside).";
    }
}

public sealed class SupplierOrderStatusType : EnumerationGraphType<SupplierOrderStatus>
{
    public SupplierOrderStatusType()
    {
        Name = "SupplierOrderStatus";
        Description = "PLACED -> ACCEPTED -> SHIPPED -> DELIVERED; PLACED or ACCEPTED -> REJECTED (seller) or CANCELLED (buyer).";
    }
}

public sealed class PaymentStateType : EnumerationGraphType<PaymentState>
{
    public PaymentStateType() => Name = "PaymentState";
}

public sealed class OrderType : ObjectGraphType<Order>
{
    public OrderType()
    {
        Name = OrderService.OrderTypeName;
        Description = "A buyer's order: one payment, one part per seller.";
        this.ImplementNode(OrderService.OrderTypeName, o => o.Id);
        Field<NonNullGraphType<OrderStatusType>, IDataLoaderResult<OrderStatus>>("status")
            .Resolve().WithService<PartsByOrderLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id, parts => SupplierOrderStates.Overall([.. parts.Select(p => p.Status)])));
        Field(o => o.CreatedAt);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(ctx => new Money(ctx.Source.SubtotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("shipping").Resolve(ctx => new Money(ctx.Source.ShippingMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("total").Resolve(ctx => new Money(ctx.Source.TotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<PaymentMethodKindType>>("paymentMethod").Resolve(ctx => ctx.Source.PaymentMethod);
        Field<NonNullGraphType<ShippingAddressType>>("shippingAddress").Resolve(ctx => ctx.Source.ShippingAddress);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderPartType>>>, IDataLoaderResult<IReadOnlyList<SupplierOrder>>>("parts")
            .Description("One part per seller, each with its own status and tracking.")
            .ListCost(5)
            .Resolve().WithService<PartsByOrderLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
    }
}

/// <summary>The buyer's view of a supplier order: no commission or payout.</summary>
public sealed class OrderPartType : ObjectGraphType<SupplierOrder>
{
    public OrderPartType()
    {
        Name = "OrderPart";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The supplier order's global id.")
            .Resolve(ctx => GlobalId.Encode(OrderService.SupplierOrderTypeName, ctx.Source.Id));
        Field<NonNullGraphType<SellerType>, IDataLoaderResult<Seller?>>("seller")
            .Resolve().WithService<SellerByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.SellerId));
        Field<NonNullGraphType<SupplierOrderStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(ctx => new Money(ctx.Source.SubtotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("shipping").Resolve(ctx => new Money(ctx.Source.ShippingMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("total").Resolve(ctx => new Money(ctx.Source.TotalMinor, ctx.Source.Currency));
        Field(p => p.Carrier, nullable: true);
        Field(p => p.TrackingNumber, nullable: true);
        Field(p => p.ShippedAt, nullable: true);
        Field(p => p.DeliveredAt, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderLineType>>>, IDataLoaderResult<IReadOnlyList<SupplierOrderLine>>>("lines")
            .ListCost(10)
            .Resolve().WithService<LinesBySupplierOrderLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
    }
}

/// <summary>The seller's view of its part of an order: its lines, the buyer's address, its commission and payout.</summary>
public sealed class SupplierOrderType : ObjectGraphType<SupplierOrder>
{
    public SupplierOrderType()
    {
        Name = OrderService.SupplierOrderTypeName;
        Description = "A seller's part of an order. Only that seller and admins see it.";
        this.ImplementNode(OrderService.SupplierOrderTypeName, p => p.Id);
        Field<NonNullGraphType<SupplierOrderStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field(p => p.CreatedAt);
        Field(p => p.UpdatedAt);
        Field<NonNullGraphType<MoneyType>>("subtotal").Resolve(ctx => new Money(ctx.Source.SubtotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("shipping").Resolve(ctx => new Money(ctx.Source.ShippingMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("total").Resolve(ctx => new Money(ctx.Source.TotalMinor, ctx.Source.Currency));
        Field<NonNullGraphType<DecimalGraphType>>("commissionRate").Resolve(ctx => ctx.Source.CommissionBps / 10_000m);
        Field<NonNullGraphType<MoneyType>>("commission").Resolve(ctx => new Money(ctx.Source.CommissionMinor, ctx.Source.Currency));
        Field<NonNullGraphType<MoneyType>>("payout").Description("What the seller receives: total less commission.")
            .Resolve(ctx => new Money(ctx.Source.PayoutMinor, ctx.Source.Currency));
        Field<NonNullGraphType<PaymentStateType>>("paymentState").Resolve(ctx => ctx.Source.PaymentState);
        Field(p => p.Carrier, nullable: true);
        Field(p => p.TrackingNumber, nullable: true);
        Field(p => p.RejectReason, nullable: true);
        Field(p => p.ShippedAt, nullable: true);
        Field(p => p.DeliveredAt, nullable: true);
        Field<NonNullGraphType<ShippingAddressType>, IDataLoaderResult<ShippingAddress>>("shippingAddress")
            .Resolve().WithService<OrderByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.OrderId, o => o!.ShippingAddress));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OrderLineType>>>, IDataLoaderResult<IReadOnlyList<SupplierOrderLine>>>("lines")
            .ListCost(10)
            .Resolve().WithService<LinesBySupplierOrderLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
    }
}

public sealed class OrderLineType : ObjectGraphType<SupplierOrderLine>
{
    public OrderLineType()
    {
        Name = "OrderLine";
        Description = "A line as sold: title, options, SKU and price when the order was placed.";
        Field(l => l.Title);
        Field(l => l.VariantTitle).Description("The variant's options when ordered (Size: M / Color: Navy).");
        Field(l => l.Sku);
        Field(l => l.Quantity);
        Field<NonNullGraphType<MoneyType>>("unitPrice").Resolve().WithService<CatalogService>().Resolve((ctx, catalog) => new Money(ctx.Source.UnitPriceMinor, catalog.Currency));
        Field<NonNullGraphType<MoneyType>>("lineTotal").Resolve().WithService<CatalogService>().Resolve((ctx, catalog) => new Money(ctx.Source.LineTotalMinor, catalog.Currency));
        Field<ProductType, IDataLoaderResult<Product?>>("product")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.ProductId));
    }
}

public sealed class PlaceOrderPayloadType : ObjectGraphType<PlaceOrderPayload>
{
    public PlaceOrderPayloadType()
    {
        Name = "OrderPayload";
        Field<OrderType>("order").Resolve(ctx => ctx.Source.Order);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class SupplierOrderPayloadType : ObjectGraphType<SupplierOrderPayload>
{
    public SupplierOrderPayloadType()
    {
        Name = "SupplierOrderPayload";
        Field<SupplierOrderType>("supplierOrder").Resolve(ctx => ctx.Source.SupplierOrder);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}
