using Marketplace.Api.Catalog;

namespace Marketplace.Api.Search;

/// <summary>The price facet's buckets: [0, 25), [25, 50), ..., [500, ∞) in major units, kept in minor units for the engines.</summary>
public sealed class PriceRanges
{
    public sealed record Bucket(long FromMinor, long? ToMinor, string Value, string Label);

    public IReadOnlyList<Bucket> Buckets { get; }

    public PriceRanges(IReadOnlyList<decimal> boundsMajor, string currency)
    {
        var bounds = boundsMajor.Where(b => b > 0).Distinct().Order().ToList();
        var buckets = new List<Bucket>();
        decimal from = 0;
        foreach (var to in bounds.Append(-1m))
        {
            var open = to < 0;
            buckets.Add(new Bucket(
                Money.ToMinorCeiling(from, currency),
                open ? null : Money.ToMinorCeiling(to, currency),
                open ? $"{from:0.##}-" : $"{from:0.##}-{to:0.##}",
                open ? $"{from:0.##} and above" : $"{from:0.##} to {to:0.##}"));
            from = to;
        }
        Buckets = buckets;
    }

    /// <summary>The bucket holding a price, by index into <see cref="Buckets"/>.</summary>
    public int IndexOf(long priceMinor)
    {
        for (var i = Buckets.Count - 1; i > 0; i--)
            if (priceMinor >= Buckets[i].FromMinor) return i;
        return 0;
    }
}
