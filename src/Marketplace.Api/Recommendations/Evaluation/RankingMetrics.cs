namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>
/// Top-k ranking metrics with binary relevance: an item is relevant when it is in the shopper's held-out set.
/// A list shorter than k still divides precision by k, so a strategy that returns nothing scores 0.
/// </summary>
public static class RankingMetrics
{
    public static double PrecisionAt(int k, IReadOnlyList<long> ranked, IReadOnlySet<long> relevant) =>
        k <= 0 ? 0 : (double)Hits(k, ranked, relevant) / k;

    public static double RecallAt(int k, IReadOnlyList<long> ranked, IReadOnlySet<long> relevant) =>
        relevant.Count == 0 ? 0 : (double)Hits(k, ranked, relevant) / relevant.Count;

    /// <summary>DCG of the top k (a hit at rank i counts 1/log2(i+1)) over the DCG of min(k, |relevant|) hits in a row.</summary>
    public static double NdcgAt(int k, IReadOnlyList<long> ranked, IReadOnlySet<long> relevant)
    {
        if (relevant.Count == 0 || k <= 0) return 0;
        var dcg = 0.0;
        for (var i = 0; i < Math.Min(k, ranked.Count); i++)
            if (relevant.Contains(ranked[i])) dcg += Discount(i + 1);
        var ideal = 0.0;
        for (var i = 1; i <= Math.Min(k, relevant.Count); i++) ideal += Discount(i);
        return dcg / ideal;
    }

    /// <summary>The share of the catalog that appears in at least one list's top k.</summary>
    public static double CoverageAt(int k, IEnumerable<IReadOnlyList<long>> lists, int catalogSize) =>
        catalogSize <= 0 ? 0 : (double)lists.SelectMany(l => l.Take(k)).Distinct().Count() / catalogSize;

    private static int Hits(int k, IReadOnlyList<long> ranked, IReadOnlySet<long> relevant) => ranked.Take(k).Count(relevant.Contains);

    private static double Discount(int rank) => 1 / Math.Log2(rank + 1);
}
