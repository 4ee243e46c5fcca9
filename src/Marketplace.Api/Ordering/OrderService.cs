using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Profiles.Tracking;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Ordering;

/// <summary>Checkout: a buyer's cart becomes an order, one supplier order per seller, in one transaction.</summary>
public sealed class OrderService(
    MarketplaceDb db, PaymentProviders payments, CartOwner owner, TimeProvider time, IOptions<CatalogOptions> catalog, ILogger<OrderService> logger)
{
    public const string OrderTypeName = "Order";
    public const string SupplierOrderTypeName = "SupplierOrder";
    public const string PlacedEvent = "supplier_order.placed";
    public const string PlacedSubscription = "supplierOrderPlaced";
    public const string UpdatedSubscription = "supplierOrderUpdated";

    private sealed class ShortOfStockException(long offerId) : Exception
    {
        public long OfferId { get; } = offerId;
    }

    public async Task<PlaceOrderPayload> PlaceAsync(string buyerId, PlaceOrderInput input, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        var key = input.IdempotencyKey.Trim();
        errors.Require(key.Length is > 0 and <= Limits.IdempotencyKey, UserErrorCode.InvalidIdempotencyKey,
            $"idempotencyKey must be 1 to {Limits.IdempotencyKey} characters.", "idempotencyKey");
        ValidateAddress(errors, input.ShippingAddress);
        if (input.PaymentMethod.Type == PaymentMethodKind.TestCard && string.IsNullOrWhiteSpace(input.PaymentMethod.CardNumber))
            errors.Add(UserErrorCode.InvalidPaymentMethod, "TEST_CARD needs a cardNumber.", "paymentMethod", "cardNumber");
        var cartId = GlobalId.Parse(input.CartId, CartService.TypeName);
        if (errors.Any) return new(null, errors.List);

        // A retry of a request that already made its order answers that order.
        if (await ReplayAsync(buyerId, key, cartId, ct) is { } replay) return replay;

        var cart = cartId is null ? null : await db.Carts.AsNoTracking().Include(c => c.Lines)
            .FirstOrDefaultAsync(c => c.Id == cartId && c.BuyerId == buyerId, ct);
        if (cart is null) return Refuse(UserErrorCode.CartNotFound, "You have no cart with this id.", "cartId");
        if (cart.Lines.Count == 0)
            // A concurrent retry may have placed the order (and emptied the cart) since the replay check above.
            return await ReplayAsync(buyerId, key, cartId, ct) ?? Refuse(UserErrorCode.CartEmpty, "The cart is empty.", "cartId");

        var country = input.ShippingAddress.CountryCode.Trim().ToUpperInvariant();
        var priced = await CartPricing.PriceAsync(db, cart, catalog.Value.Currency, country, ct);
        if (await CheckAsync(priced, cart, ct) is { } refused) return refused;

        var fingerprint = Fingerprint(cart.Lines);
        var provider = payments.For(input.PaymentMethod.Type);
        var authorization = await provider.AuthorizeAsync(new PaymentRequest(priced.TotalMinor, priced.Currency, input.PaymentMethod.CardNumber, key), ct);
        if (authorization.Outcome == PaymentOutcome.Declined)
            return Refuse(UserErrorCode.PaymentDeclined, authorization.Message ?? "The payment was declined.", "paymentMethod");
        if (authorization.Outcome == PaymentOutcome.Unavailable)
            return Refuse(UserErrorCode.PaymentUnavailable, authorization.Message ?? "The payment provider did not answer; try again.", "paymentMethod");

        var now = time.GetUtcNow().UtcDateTime;
        var order = NewOrder(buyerId, key, cart, fingerprint, priced, input, provider, authorization.Reference, now);
        await SnapshotTitlesAsync(order, ct);
        try
        {
            await db.InTransactionAsync(async token =>
            {
                // The order row goes first: its unique (buyer, key) makes a concurrent duplicate wait here, then fail.
                await InsertAsync(order, token);
                // In offer order, so two checkouts of the same offers lock them in the same order and never deadlock.
                var soldOut = new List<long>();
                foreach (var line in priced.Lines.OrderBy(l => l.Line.OfferId))
                {
                    var reserved = await ReserveAsync(line.Line.OfferId, line.Line.Quantity, now, token);
                    if (reserved == Reservation.Short) throw new ShortOfStockException(line.Line.OfferId);
                    if (reserved == Reservation.MaybeSoldOut) soldOut.Add(line.Offer!.ProductId);
                }
                // What buyers filter and search on (price, in stock) changes only when an offer runs out.
                await CatalogChanges.ProductsChangedAsync(db, [.. soldOut.Distinct()], now, token);
                var ordered = cart.Lines.Select(l => l.Id).ToList();
                await db.CartLines.Where(l => ordered.Contains(l.Id)).ExecuteDeleteAsync(token);
                await Outbox.EnqueueAsync(db, [.. order.Parts.SelectMany(part => new[]
                {
                    WebhookEvents.Message(part.SellerId, PlacedEvent, WebhookData(order, part), now),
                    SubscriptionEvents.Message(PlacedSubscription, part.SellerId.ToString(), new { supplierOrderId = GlobalId.Encode(SupplierOrderTypeName, part.Id) }, now),
                }), PurchaseEvents.Message(order, owner.VisitorId, now)], token);
                return true;
            }, ct);
        }
        catch (ShortOfStockException e)
        {
            db.ChangeTracker.Clear();
            await provider.VoidAsync(authorization.Reference, priced.TotalMinor, CancellationToken.None);
            var line = cart.Lines.First(l => l.OfferId == e.OfferId);
            return new(null, [new(UserErrorCode.InsufficientStock, "Another buyer took the last units of a line; nothing was charged. Check the cart and try again.",
                ["input", "cartId", GlobalId.Encode(CartService.LineTypeName, line.Id)])]);
        }
        catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
        {
            db.ChangeTracker.Clear();
            await provider.VoidAsync(authorization.Reference, priced.TotalMinor, CancellationToken.None);
            logger.LogInformation("Order key {Key} of buyer {BuyerId} was taken by a concurrent request; answering its order.", key, buyerId);
            return await ReplayAsync(buyerId, key, cartId, ct)
                ?? Refuse(UserErrorCode.Conflict, "Another change happened at the same time; nothing was charged. Send the same request again.", "idempotencyKey");
        }
        catch
        {
            db.ChangeTracker.Clear();
            await provider.VoidAsync(authorization.Reference, priced.TotalMinor, CancellationToken.None);
            throw;
        }
        logger.LogInformation("Buyer {BuyerId} placed order {OrderId} with {Parts} supplier orders, total {Total}.", buyerId, order.Id, order.Parts.Count, order.TotalMinor);
        return new(order, []);
    }

    private static PlaceOrderPayload Refuse(UserErrorCode code, string message, params string[] field) => new(null, [new(code, message, ["input", .. field])]);

    /// <summary>The order this buyer already placed with this key; a userError when the key was used for another cart.</summary>
    private async Task<PlaceOrderPayload?> ReplayAsync(string buyerId, string key, long? cartId, CancellationToken ct)
    {
        var existing = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.BuyerId == buyerId && o.IdempotencyKey == key, ct);
        if (existing is null) return null;
        // The order emptied its lines from the cart; a cart holding other lines again means another purchase.
        var lines = cartId is null ? [] : await db.CartLines.AsNoTracking().Where(l => l.CartId == cartId).ToListAsync(ct);
        if (existing.CartId == cartId && (lines.Count == 0 || Fingerprint(lines) == existing.CartFingerprint))
            return new(existing, []);
        return Refuse(UserErrorCode.IdempotencyKeyReused, "This idempotencyKey placed an order for another cart; use a new key for a new order.", "idempotencyKey");
    }

    private async Task<PlaceOrderPayload?> CheckAsync(PricedCart priced, Cart cart, CancellationToken ct)
    {
        var errors = new UserErrors("input", "cartId");
        foreach (var line in priced.Lines)
        {
            var id = GlobalId.Encode(CartService.LineTypeName, line.Line.Id);
            if (!line.Available) errors.Add(UserErrorCode.OfferNotFound, "An offer in the cart is no longer for sale; remove the line.", id);
            else if (line.ShortOfStock) errors.Add(UserErrorCode.InsufficientStock, $"Only {Math.Max(0, line.Offer!.Stock)} left of a line.", id);
            else if (line.PriceChanged) errors.Add(UserErrorCode.PriceChanged,
                $"A price changed from {line.Line.SeenPriceMinor} to {line.Offer!.PriceMinor} minor units; the cart shows the new one. Place the order again to accept it.", id);
        }
        foreach (var seller in priced.Sellers.Where(s => s.ShippingMinor is null))
            errors.Add(UserErrorCode.ShippingUnavailable, $"{seller.Seller.Name} does not ship to this country.", "shippingAddress");
        if (!errors.Any) return null;
        // The buyer has now been told of the new prices: the cart takes them, so placing again accepts them.
        var changed = priced.Lines.Where(l => l.Available && l.PriceChanged).ToList();
        foreach (var line in changed)
            await db.CartLines.Where(l => l.Id == line.Line.Id).ExecuteUpdateAsync(set => set.SetProperty(l => l.SeenPriceMinor, line.Offer!.PriceMinor), ct);
        return new(null, errors.List);
    }

    private Order NewOrder(string buyerId, string key, Cart cart, string fingerprint, PricedCart priced, PlaceOrderInput input,
        IPaymentProvider provider, string? reference, DateTime now)
    {
        var address = input.ShippingAddress;
        return new Order
        {
            BuyerId = buyerId,
            IdempotencyKey = key,
            CartId = cart.Id,
            CartFingerprint = fingerprint,
            Currency = priced.Currency,
            SubtotalMinor = priced.SubtotalMinor,
            ShippingMinor = priced.ShippingMinor,
            TotalMinor = priced.TotalMinor,
            PaymentMethod = provider.Method,
            PaymentReference = reference,
            CreatedAt = now,
            ShippingAddress = new ShippingAddress
            {
                Name = address.Name.Trim(), Line1 = address.Line1.Trim(), Line2 = address.Line2?.Trim(), City = address.City.Trim(),
                Region = address.Region?.Trim(), PostalCode = address.PostalCode.Trim(), CountryCode = address.CountryCode.Trim().ToUpperInvariant(),
            },
            Parts = [.. priced.Sellers.Select(group => new SupplierOrder
            {
                SellerId = group.Seller.Id,
                Status = SupplierOrderStatus.Placed,
                Currency = priced.Currency,
                SubtotalMinor = group.SubtotalMinor,
                ShippingMinor = group.ShippingMinor ?? 0,
                TotalMinor = group.TotalMinor,
                CommissionBps = group.Seller.CommissionBps,
                CommissionMinor = group.CommissionMinor,
                PayoutMinor = group.TotalMinor - group.CommissionMinor,
                PaymentState = provider.Authorized,
                CreatedAt = now,
                UpdatedAt = now,
                Lines = [.. group.Lines.Select(line => new SupplierOrderLine
                {
                    OfferId = line.Offer!.Id,
                    ProductId = line.Offer.ProductId,
                    VariantId = line.Offer.VariantId,
                    Title = "",
                    VariantTitle = "",
                    Sku = line.Offer.Sku,
                    UnitPriceMinor = line.UnitPriceMinor,
                    Quantity = line.Line.Quantity,
                    LineTotalMinor = line.LineTotalMinor,
                })],
            })],
        };
    }

    /// <summary>
    /// The order, then its parts and then their lines, each in one statement where EF sends one per row. The parts'
    /// keys are read back by seller, of which an order has one part each.
    /// </summary>
    private async Task InsertAsync(Order order, CancellationToken ct)
    {
        var parts = order.Parts;
        order.Parts = [];
        db.Orders.Add(order);
        // The transaction is all or nothing, so a savepoint around the save would only add statements.
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
            db.ChangeTracker.Clear();
            order.Parts = parts;
        }
        parts.ForEach(p => p.OrderId = order.Id);
        await new BulkInsert<SupplierOrder>(db).InsertAsync(db.Database, parts, ct);
        var ids = await db.SupplierOrders.Where(p => p.OrderId == order.Id).Select(p => new { p.SellerId, p.Id }).ToDictionaryAsync(p => p.SellerId, p => p.Id, ct);
        foreach (var part in parts)
        {
            part.Id = ids[part.SellerId];
            part.Lines.ForEach(l => l.SupplierOrderId = part.Id);
        }
        await new BulkInsert<SupplierOrderLine>(db).InsertAsync(db.Database, [.. parts.SelectMany(p => p.Lines)], ct);
    }

    /// <summary>Fills the lines' title and variant snapshot (one query each for products and variants).</summary>
    internal async Task SnapshotTitlesAsync(Order order, CancellationToken ct)
    {
        var lines = order.Parts.SelectMany(p => p.Lines).ToList();
        var productIds = lines.Select(l => l.ProductId).Distinct().ToList();
        var variantIds = lines.Select(l => l.VariantId).Distinct().ToList();
        var titles = await db.Products.Where(p => productIds.Contains(p.Id)).Select(p => new { p.Id, p.Title }).ToDictionaryAsync(p => p.Id, p => p.Title, ct);
        var variants = await db.ProductVariants.Where(v => variantIds.Contains(v.Id))
            .Select(v => new { v.Id, v.Title, Options = v.SelectedOptions.OrderBy(o => o.Position).Select(o => new { o.Name, o.Value }).ToList() })
            .ToDictionaryAsync(v => v.Id, ct);
        foreach (var line in lines)
        {
            line.Title = titles.GetValueOrDefault(line.ProductId) ?? "";
            line.VariantTitle = variants.TryGetValue(line.VariantId, out var variant)
                ? string.Join(" / ", variant.Options.Select(o => $"{o.Name}: {o.Value}")) is { Length: > 0 } options ? options : variant.Title
                : "";
        }
    }

    private enum Reservation { UnitsLeft, MaybeSoldOut, Short }

    /// <summary>
    /// Takes units off an offer only while enough are left. The first UPDATE leaves at least one unit, the usual case,
    /// which changes nothing buyers filter on; only when it finds too few does the second take what is asked down to zero.
    /// </summary>
    private async Task<Reservation> ReserveAsync(long offerId, int quantity, DateTime now, CancellationToken ct)
    {
        var offer = db.Offers.Where(o => o.Id == offerId && o.Status == OfferStatus.Active);
        if (await OfferStock.AddAsync(offer.Where(o => o.Stock > quantity), -quantity, now, ct) == 1) return Reservation.UnitsLeft;
        return await OfferStock.AddAsync(offer.Where(o => o.Stock >= quantity), -quantity, now, ct) == 1 ? Reservation.MaybeSoldOut : Reservation.Short;
    }

    internal static object WebhookData(Order order, SupplierOrder part) => new
    {
        supplierOrderId = GlobalId.Encode(SupplierOrderTypeName, part.Id),
        status = part.Status.ToString().ToUpperInvariant(),
        currency = part.Currency,
        subtotalMinor = part.SubtotalMinor,
        shippingMinor = part.ShippingMinor,
        totalMinor = part.TotalMinor,
        commissionMinor = part.CommissionMinor,
        payoutMinor = part.PayoutMinor,
        lines = part.Lines.Select(l => new { sku = l.Sku, title = l.Title, variant = l.VariantTitle, quantity = l.Quantity, unitPriceMinor = l.UnitPriceMinor }),
        shippingAddress = order.ShippingAddress,
    };

    private static void ValidateAddress(UserErrors errors, ShippingAddressInput address)
    {
        void Text(string? value, bool required, int max, params string[] field)
        {
            if (required && string.IsNullOrWhiteSpace(value)) errors.Add(UserErrorCode.InvalidAddress, "Required.", ["shippingAddress", .. field]);
            else if (value is not null && value.Trim().Length > max) errors.Add(UserErrorCode.InvalidAddress, $"At most {max} characters.", ["shippingAddress", .. field]);
        }
        Text(address.Name, true, Limits.Name, "name");
        Text(address.Line1, true, Limits.AddressLine, "line1");
        Text(address.Line2, false, Limits.AddressLine, "line2");
        Text(address.City, true, Limits.AddressLine, "city");
        Text(address.Region, false, Limits.AddressLine, "region");
        Text(address.PostalCode, true, Limits.PostalCode, "postalCode");
        if (address.CountryCode.Trim() is not { Length: 2 } country || !country.All(char.IsAsciiLetter))
            errors.Add(UserErrorCode.InvalidCountry, "countryCode must be an ISO 3166 alpha-2 code.", "shippingAddress", "countryCode");
    }

    internal static string Fingerprint(IEnumerable<CartLine> lines)
    {
        var text = string.Join(",", lines.OrderBy(l => l.OfferId).Select(l => $"{l.OfferId}:{l.Quantity}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
