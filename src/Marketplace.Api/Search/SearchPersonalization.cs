namespace Marketplace.Api.Search;

public enum BoostTarget { Category, Brand, Seller, Attribute, Price, Product }

/// <summary>
/// One personal boost. A product it matches has its relevance multiplied by (1 + <see cref="Weight"/>); a negative
/// weight (above -1) buries. <see cref="Value"/> is a category slug (the category or any descendant), a brand, a
/// seller handle, an attribute or option value named by <see cref="AttributeName"/>, or a product id; a price boost
/// matches the cheapest price in [<see cref="MinPriceMinor"/>, <see cref="MaxPriceMinor"/>).
/// </summary>
public sealed record SearchBoost(BoostTarget Target, string Value, double Weight)
{
    public string? AttributeName { get; init; }
    public long? MinPriceMinor { get; init; }
    public long? MaxPriceMinor { get; init; }
}

/// <summary>
/// How the engine bends relevance for one caller: the product of (1 + weight) over the boosts a product matches
/// multiplies its score (text relevance, or popularity when browsing), so paging, totals and facets stay those of the
/// plain search; pinned products that match come first, in the order given. Only RELEVANCE ordering is bent.
/// </summary>
public sealed record SearchPersonalization(IReadOnlyList<SearchBoost> Boosts, IReadOnlyList<long> Pinned)
{
    public static double FactorOf(IEnumerable<SearchBoost> matched) => matched.Aggregate(1.0, (factor, boost) => factor * (1 + boost.Weight));
}
