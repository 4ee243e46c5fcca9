using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Ordering;

public enum CartWarningCode { PriceChanged, InsufficientStock, Unavailable, ShippingUnavailable }

public sealed record CartWarning(CartWarningCode Code, string Message, long? LineId);

/// <summary>A cart line with its offer as it is now: whether it can be bought, at what price, and what changed.</summary>
public sealed record PricedLine(CartLine Line, Offer? Offer, bool Available)
{
    public long UnitPriceMinor => Offer?.PriceMinor ?? Line.SeenPriceMinor;
    public long LineTotalMinor => UnitPriceMinor * Line.Quantity;
    public bool PriceChanged => Offer is not null && Offer.PriceMinor != Line.SeenPriceMinor;
    public bool ShortOfStock => Offer is not null && Offer.Stock < Line.Quantity;
}

/// <summary>One seller's lines with its subtotal and shipping (null when it does not ship to the address's country).</summary>
public sealed record CartSellerGroup(Seller Seller, IReadOnlyList<PricedLine> Lines, long SubtotalMinor, long? ShippingMinor)
{
    public long TotalMinor => SubtotalMinor + (ShippingMinor ?? 0);

    /// <summary>The marketplace's share at the seller's rate, rounded half up to the minor unit.</summary>
    public long CommissionMinor => (SubtotalMinor * Seller.CommissionBps + 5_000) / 10_000;
}

public sealed record PricedCart(Cart Cart, IReadOnlyList<CartSellerGroup> Sellers, string Currency)
{
    public IEnumerable<PricedLine> Lines => Sellers.SelectMany(s => s.Lines);
    public long SubtotalMinor => Sellers.Sum(s => s.SubtotalMinor);
    public long ShippingMinor => Sellers.Sum(s => s.ShippingMinor ?? 0);
    public long TotalMinor => SubtotalMinor + ShippingMinor;
    public int ItemCount => Lines.Sum(l => l.Line.Quantity);

    public IReadOnlyList<CartWarning> Warnings =>
    [
        .. Lines.SelectMany(l => LineWarnings(l)),
        .. Sellers.Where(s => s.ShippingMinor is null).Select(s => new CartWarning(CartWarningCode.ShippingUnavailable,
            $"{s.Seller.Name} does not ship to this country.", null)),
    ];

    private static IEnumerable<CartWarning> LineWarnings(PricedLine line)
    {
        if (!line.Available)
            yield return new(CartWarningCode.Unavailable, "This offer is no longer for sale.", line.Line.Id);
        else
        {
            if (line.PriceChanged)
                yield return new(CartWarningCode.PriceChanged, $"The price changed since you added it (was {line.Line.SeenPriceMinor}, now {line.Offer!.PriceMinor} minor units).", line.Line.Id);
            if (line.ShortOfStock)
                yield return new(CartWarningCode.InsufficientStock, $"Only {Math.Max(0, line.Offer!.Stock)} left.", line.Line.Id);
        }
    }
}

/// <summary>Prices a cart from the offers and sellers as they are now; shared by the cart and by checkout.</summary>
public static class CartPricing
{
    public static async Task<PricedCart> PriceAsync(MarketplaceDb db, Cart cart, string currency, string? countryCode, CancellationToken ct)
    {
        var offerIds = cart.Lines.Select(l => l.OfferId).Distinct().ToList();
        var visible = VisibleOffers.Of(db);
        var offers = offerIds.Count == 0 ? [] : await db.Offers.AsNoTracking().Where(o => offerIds.Contains(o.Id))
            .Select(o => new { Offer = o, Visible = visible.Any(v => v.Id == o.Id) })
            .ToListAsync(ct);
        var byId = offers.ToDictionary(o => o.Offer.Id);
        var sellerIds = offers.Select(o => o.Offer.SellerId).Distinct().ToList();
        var sellers = sellerIds.Count == 0 ? [] : await db.Sellers.AsNoTracking().Include(s => s.ShippingRates)
            .Where(s => sellerIds.Contains(s.Id)).ToListAsync(ct);

        var groups = new List<CartSellerGroup>();
        foreach (var seller in sellers.OrderBy(s => s.Name).ThenBy(s => s.Id))
        {
            var lines = cart.Lines.Where(l => byId.TryGetValue(l.OfferId, out var o) && o.Offer.SellerId == seller.Id)
                .OrderBy(l => l.Id)
                .Select(l => new PricedLine(l, byId[l.OfferId].Offer, byId[l.OfferId].Visible))
                .ToList();
            var subtotal = lines.Where(l => l.Available).Sum(l => l.LineTotalMinor);
            groups.Add(new(seller, lines, subtotal, Shipping(seller.ShippingRates, subtotal, countryCode)));
        }
        return new PricedCart(cart, groups, currency);
    }

    /// <summary>
    /// The seller's cheapest rate (for the country when one is known): its flat price, or nothing once the subtotal
    /// reaches its free-shipping threshold. A seller with no rates ships free; null when none covers the country.
    /// </summary>
    public static long? Shipping(IReadOnlyCollection<ShippingRate> rates, long subtotalMinor, string? countryCode)
    {
        if (rates.Count == 0 || subtotalMinor == 0) return 0;
        var rate = rates.Where(r => countryCode is null || string.Equals(r.CountryCode, countryCode, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.FreeOverMinor is { } free && subtotalMinor >= free ? 0 : r.PriceMinor).ThenBy(r => r.Id)
            .FirstOrDefault();
        if (rate is null) return null;
        return rate.FreeOverMinor is { } threshold && subtotalMinor >= threshold ? 0 : rate.PriceMinor;
    }
}
