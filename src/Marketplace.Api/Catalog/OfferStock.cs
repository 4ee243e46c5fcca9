using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Catalog;

public static class OfferStock
{
    /// <summary>
    /// Adds <paramref name="delta"/> to the stock of the offers the caller's condition selects, in one UPDATE, and
    /// counts it as a change of the listing (version and time): the number of offers changed. The condition is what
    /// makes it safe under concurrency (enough left to take; the result within range).
    /// </summary>
    public static Task<int> AddAsync(IQueryable<Offer> offers, int delta, DateTime now, CancellationToken ct) =>
        offers.ExecuteUpdateAsync(set => set
            .SetProperty(o => o.Stock, o => o.Stock + delta)
            .SetProperty(o => o.Version, o => o.Version + 1)
            .SetProperty(o => o.UpdatedAt, now), ct);
}
