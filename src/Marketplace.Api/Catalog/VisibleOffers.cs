using Marketplace.Api.Data;
using Marketplace.Api.Sellers;

namespace Marketplace.Api.Catalog;

public static class VisibleOffers
{
    /// <summary>What buyers may see and buy: active listings of active sellers.</summary>
    public static IQueryable<Offer> Of(MarketplaceDb db) =>
        db.Offers.Where(o => o.Status == OfferStatus.Active
            && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == SellerStatus.Active));

    /// <summary>The same rule for an offer in memory, given the ids of the sellers that are not active.</summary>
    public static bool Includes(Offer offer, IReadOnlySet<long> inactiveSellers) =>
        offer.Status == OfferStatus.Active && !inactiveSellers.Contains(offer.SellerId);
}
