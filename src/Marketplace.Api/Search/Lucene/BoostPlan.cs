namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// A <see cref="SearchPersonalization"/> compiled against the facet term table: per term id, the boosts it
/// satisfies, so a document's factor is read from the term lists the filters already use.
/// </summary>
internal sealed class BoostPlan
{
    /// <summary>Per term id: the indexes of the boosts that term satisfies, or null.</summary>
    private readonly int[]?[] boostsByTerm;
    private readonly double[] multipliers;
    private readonly (long Min, long Max, int Index)[] priceBoosts;
    private readonly Dictionary<long, List<int>> productBoosts;
    private readonly Dictionary<long, int> pinRanks;
    private readonly bool[] kindsUsed;

    private BoostPlan(int[]?[] boostsByTerm, double[] multipliers, (long, long, int)[] priceBoosts,
        Dictionary<long, List<int>> productBoosts, Dictionary<long, int> pinRanks, bool[] kindsUsed)
    {
        this.boostsByTerm = boostsByTerm;
        this.multipliers = multipliers;
        this.priceBoosts = priceBoosts;
        this.productBoosts = productBoosts;
        this.pinRanks = pinRanks;
        this.kindsUsed = kindsUsed;
    }

    public static BoostPlan Compile(SearchPersonalization personalization, FacetTermTable.Snapshot terms)
    {
        var boosts = personalization.Boosts;
        var byTerm = new List<int>?[terms.Terms.Length];
        var kindsUsed = new bool[Enum.GetValues<FacetKind>().Length];
        var prices = new List<(long, long, int)>();
        var products = new Dictionary<long, List<int>>();

        var keys = new Dictionary<(FacetKind Kind, string Dimension, string Key), List<int>>();
        for (var i = 0; i < boosts.Count; i++)
        {
            var boost = boosts[i];
            switch (boost.Target)
            {
                case BoostTarget.Price:
                    prices.Add((boost.MinPriceMinor ?? long.MinValue, boost.MaxPriceMinor ?? long.MaxValue, i));
                    continue;
                case BoostTarget.Product:
                    if (long.TryParse(boost.Value, out var productId)) Add(products, productId, i);
                    continue;
            }
            var key = boost.Target switch
            {
                BoostTarget.Category => (FacetKind.Category, FacetNames.Category, boost.Value.Trim().ToLowerInvariant()),
                BoostTarget.Brand => (FacetKind.Brand, FacetNames.Brand, SearchText.Key(boost.Value)),
                BoostTarget.Seller => (FacetKind.Seller, FacetNames.Seller, SearchText.Key(boost.Value)),
                _ => (FacetKind.Attribute, "a:" + FacetNames.ForAttribute((boost.AttributeName ?? "").Trim()), SearchText.Key(boost.Value)),
            };
            Add(keys, key, i);
            kindsUsed[(int)key.Item1] = true;
        }
        for (var id = 0; keys.Count > 0 && id < terms.Terms.Length; id++)
        {
            var term = terms.Terms[id];
            var key = term.Kind == FacetKind.Category
                ? (term.Kind, term.DimensionKey, term.Value.ToLowerInvariant())
                : (term.Kind, term.DimensionKey, term.MatchKey);
            if (keys.TryGetValue(key, out var indexes)) byTerm[id] = indexes;
        }
        var pinRanks = new Dictionary<long, int>();
        foreach (var id in personalization.Pinned) pinRanks.TryAdd(id, pinRanks.Count);
        return new BoostPlan(
            byTerm.Select(list => list?.ToArray()).ToArray(),
            boosts.Select(b => Math.Max(0, 1 + b.Weight)).ToArray(),
            [.. prices],
            products,
            pinRanks,
            kindsUsed);
    }

    public int PinCount => pinRanks.Count;

    /// <summary>Where a pinned product goes (0 first), or -1.</summary>
    public int PinRank(long productId) => pinRanks.Count > 0 && pinRanks.TryGetValue(productId, out var rank) ? rank : -1;

    public double Factor(SegmentData data, int doc)
    {
        var factor = 1.0;
        for (var kind = 0; kind < kindsUsed.Length; kind++)
        {
            if (!kindsUsed[kind]) continue;
            var lists = data.ByKind[kind];
            var values = lists.Values;
            for (int i = lists.Starts[doc], end = lists.Starts[doc + 1]; i < end; i++)
            {
                var value = values[i];
                if (value < 0) continue;
                if (boostsByTerm[value] is { } indexes)
                    foreach (var index in indexes) factor *= multipliers[index];
            }
        }
        foreach (var (min, max, index) in priceBoosts)
            if (data.Prices[doc] >= min && data.Prices[doc] < max) factor *= multipliers[index];
        if (productBoosts.Count > 0 && productBoosts.TryGetValue(data.ProductIds[doc], out var own))
            foreach (var index in own) factor *= multipliers[index];
        return factor;
    }

    /// <summary>The boosts a document matched, for explaining a page of hits.</summary>
    public IReadOnlyList<int> Matched(SegmentData data, int doc)
    {
        var matched = new SortedSet<int>();
        for (var kind = 0; kind < kindsUsed.Length; kind++)
        {
            if (!kindsUsed[kind]) continue;
            var lists = data.ByKind[kind];
            for (int i = lists.Starts[doc], end = lists.Starts[doc + 1]; i < end; i++)
                if (lists.Values[i] >= 0 && boostsByTerm[lists.Values[i]] is { } indexes) matched.UnionWith(indexes);
        }
        foreach (var (min, max, index) in priceBoosts)
            if (data.Prices[doc] >= min && data.Prices[doc] < max) matched.Add(index);
        if (productBoosts.TryGetValue(data.ProductIds[doc], out var own)) matched.UnionWith(own);
        return [.. matched];
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> map, TKey key, int index) where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list)) map.Add(key, list = []);
        list.Add(index);
    }
}
