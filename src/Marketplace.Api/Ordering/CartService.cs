using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Ordering;

/// <summary>Whose cart a request means: the signed-in buyer's, else the visitor's named by the X-Visitor-Id header.</summary>
public sealed class CartOwner(IHttpContextAccessor http, Viewer viewer)
{
    public const string VisitorHeader = Infrastructure.Auth.VisitorId.Header;

    public string? BuyerId => viewer.IsAuthenticated ? viewer.Subject : null;

    public string? VisitorId => Infrastructure.Auth.VisitorId.Of(http.HttpContext);
}

public sealed record CartPayload(PricedCart? Cart, IReadOnlyList<UserError> UserErrors);

/// <summary>The cart: a buyer's or a visitor's; signing in with the visitor's header merges the visitor's cart into the buyer's.</summary>
public sealed class CartService(MarketplaceDb db, CartOwner owner, TimeProvider time, IOptions<CatalogOptions> catalog, ILogger<CartService> logger)
{
    public const string TypeName = "Cart";
    public const string LineTypeName = "CartLine";

    private string Currency => catalog.Value.Currency;

    /// <summary>The caller's cart, priced now; null when it has none.</summary>
    public async Task<PricedCart?> CurrentAsync(CancellationToken ct)
    {
        var cart = await FindAsync(create: false, ct);
        return cart is null ? null : await CartPricing.PriceAsync(db, cart, Currency, null, ct);
    }

    public async Task<CartPayload> AddAsync(string offerGlobalId, int quantity, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        errors.Require(quantity is >= 1 and <= Limits.LineQuantity, UserErrorCode.InvalidQuantity, $"Quantity must be 1 to {Limits.LineQuantity}.", "quantity");
        var offerId = GlobalId.Parse(offerGlobalId, OfferType.TypeName);
        var offer = offerId is null ? null : await VisibleOffers.Of(db).AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId, ct);
        if (offer is null) errors.Add(UserErrorCode.OfferNotFound, "No offer on sale has this id.", "offerId");
        if (errors.Any) return new(null, errors.List);

        return await WithRetryAsync(async () =>
        {
            var cart = (await FindAsync(create: true, ct))!;
            var line = cart.Lines.FirstOrDefault(l => l.OfferId == offer!.Id);
            var wanted = (line?.Quantity ?? 0) + quantity;
            if (line is null && cart.Lines.Count >= Limits.CartLines)
                return new CartPayload(null, [new(UserErrorCode.CartFull, $"A cart holds at most {Limits.CartLines} lines.", ["input", "offerId"])]);
            if (wanted > Limits.LineQuantity)
                return new CartPayload(null, [new(UserErrorCode.InvalidQuantity, $"A line holds at most {Limits.LineQuantity} units.", ["input", "quantity"])]);
            if (offer!.Stock < wanted)
                return new CartPayload(null, [new(UserErrorCode.InsufficientStock, $"Only {Math.Max(0, offer.Stock)} left.", ["input", "quantity"])]);
            var now = Now;
            if (line is null)
                cart.Lines.Add(new CartLine { OfferId = offer.Id, Quantity = wanted, SeenPriceMinor = offer.PriceMinor, AddedAt = now });
            else
            {
                line.Quantity = wanted;
                line.SeenPriceMinor = offer.PriceMinor;
            }
            cart.UpdatedAt = now;
            await db.SaveChangesAsync(ct);
            return new CartPayload(await CartPricing.PriceAsync(db, cart, Currency, null, ct), []);
        });
    }

    /// <summary>Sets a line's quantity (0 removes it); the buyer sees the current price from now on.</summary>
    public async Task<CartPayload> UpdateLineAsync(string lineGlobalId, int quantity, CancellationToken ct)
    {
        var errors = new UserErrors("input");
        errors.Require(quantity is >= 0 and <= Limits.LineQuantity, UserErrorCode.InvalidQuantity, $"Quantity must be 0 to {Limits.LineQuantity}.", "quantity");
        if (errors.Any) return new(null, errors.List);
        var cart = await FindAsync(create: false, ct);
        var lineId = GlobalId.Parse(lineGlobalId, LineTypeName);
        var line = cart?.Lines.FirstOrDefault(l => l.Id == lineId);
        if (cart is null || line is null)
            return new(null, [new(UserErrorCode.CartLineNotFound, "Your cart has no line with this id.", ["input", "lineId"])]);
        if (quantity == 0)
        {
            cart.Lines.Remove(line);
            db.CartLines.Remove(line);
        }
        else
        {
            var offer = await VisibleOffers.Of(db).AsNoTracking().FirstOrDefaultAsync(o => o.Id == line.OfferId, ct);
            if (offer is null)
                return new(null, [new(UserErrorCode.OfferNotFound, "This offer is no longer for sale; remove the line.", ["input", "lineId"])]);
            if (offer.Stock < quantity)
                return new(null, [new(UserErrorCode.InsufficientStock, $"Only {Math.Max(0, offer.Stock)} left.", ["input", "quantity"])]);
            line.Quantity = quantity;
            line.SeenPriceMinor = offer.PriceMinor;
        }
        cart.UpdatedAt = Now;
        await db.SaveChangesAsync(ct);
        return new(await CartPricing.PriceAsync(db, cart, Currency, null, ct), []);
    }

    public Task<CartPayload> RemoveLineAsync(string lineGlobalId, CancellationToken ct) => UpdateLineAsync(lineGlobalId, 0, ct);

    /// <summary>
    /// The caller's cart, tracked. A signed-in caller who also sends a visitor id takes over the visitor's cart:
    /// its lines join the buyer's (quantities add up) and the visitor's cart is gone.
    /// </summary>
    private async Task<Cart?> FindAsync(bool create, CancellationToken ct)
    {
        var (buyerId, visitorId) = (owner.BuyerId, owner.VisitorId);
        if (buyerId is null && visitorId is null)
            throw ApiErrors.Unauthenticated($"Sign in, or send an {CartOwner.VisitorHeader} header (8-64 letters, digits, '-' or '_') for a guest cart.");
        if (buyerId is null)
            return await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.VisitorId == visitorId, ct)
                ?? (create ? await CreateAsync(null, visitorId, ct) : null);

        var cart = await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.BuyerId == buyerId, ct);
        var guest = visitorId is null ? null : await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.VisitorId == visitorId, ct);
        if (guest is not null)
        {
            if (cart is null)
            {
                guest.BuyerId = buyerId;
                guest.VisitorId = null;
                guest.UpdatedAt = Now;
            }
            else
            {
                foreach (var line in guest.Lines)
                {
                    var same = cart.Lines.FirstOrDefault(l => l.OfferId == line.OfferId);
                    if (same is null)
                        cart.Lines.Add(new CartLine { OfferId = line.OfferId, Quantity = line.Quantity, SeenPriceMinor = line.SeenPriceMinor, AddedAt = line.AddedAt });
                    else
                        same.Quantity = Math.Min(Limits.LineQuantity, same.Quantity + line.Quantity);
                }
                cart.UpdatedAt = Now;
                db.Carts.Remove(guest);
            }
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Merged the guest cart {GuestCartId} into the cart of buyer {BuyerId}.", guest.Id, buyerId);
            return cart ?? guest;
        }
        return cart ?? (create ? await CreateAsync(buyerId, null, ct) : null);
    }

    private async Task<Cart> CreateAsync(string? buyerId, string? visitorId, CancellationToken ct)
    {
        var now = Now;
        var cart = new Cart { BuyerId = buyerId, VisitorId = visitorId, CreatedAt = now, UpdatedAt = now };
        db.Carts.Add(cart);
        await db.SaveChangesAsync(ct);
        return cart;
    }

    // Two first requests of one buyer may both create the cart, or add the same offer; the loser reads the winner's.
    private async Task<CartPayload> WithRetryAsync(Func<Task<CartPayload>> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await work();
            }
            catch (DbUpdateException e) when (DbConflicts.IsConflict(e) && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
