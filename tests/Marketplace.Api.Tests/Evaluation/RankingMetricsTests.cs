using Marketplace.Api.Recommendations.Evaluation;

namespace Marketplace.Api.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    // Ranked: 7 (hit), 3, 5 (hit), 9, 1 (hit); relevant: 1, 5, 7, 8.
    private static readonly long[] Ranked = [7, 3, 5, 9, 1];
    private static readonly HashSet<long> Relevant = [1, 5, 7, 8];

    [Fact]
    public void Precision_counts_hits_in_the_top_k_over_k_even_when_the_list_is_shorter()
    {
        Assert.Equal(2 / 3.0, RankingMetrics.PrecisionAt(3, Ranked, Relevant), 12);
        Assert.Equal(3 / 10.0, RankingMetrics.PrecisionAt(10, Ranked, Relevant), 12);
        Assert.Equal(0, RankingMetrics.PrecisionAt(10, [], Relevant));
    }

    [Fact]
    public void Recall_counts_hits_in_the_top_k_over_the_relevant_items()
    {
        Assert.Equal(2 / 4.0, RankingMetrics.RecallAt(3, Ranked, Relevant), 12);
        Assert.Equal(3 / 4.0, RankingMetrics.RecallAt(10, Ranked, Relevant), 12);
        Assert.Equal(0, RankingMetrics.RecallAt(10, Ranked, new HashSet<long>()));
    }

    [Fact]
    public void Ndcg_discounts_hits_by_log2_of_rank_plus_one_against_min_k_relevant_hits_in_a_row()
    {
        // DCG = 1/log2(2) + 1/log2(4) + 1/log2(6); ideal (4 relevant) = 1 + 1/log2(3) + 1/2 + 1/log2(5).
        var dcg = 1 + 0.5 + 1 / Math.Log2(6);
        var ideal = 1 + 1 / Math.Log2(3) + 0.5 + 1 / Math.Log2(5);
        Assert.Equal(dcg / ideal, RankingMetrics.NdcgAt(10, Ranked, Relevant), 12);
        Assert.Equal(0.7366, RankingMetrics.NdcgAt(10, Ranked, Relevant), 4);
        // At k = 2 only rank 1 hits; the ideal is two hits.
        Assert.Equal(1 / (1 + 1 / Math.Log2(3)), RankingMetrics.NdcgAt(2, Ranked, Relevant), 12);
        // All relevant items first is perfect, even with fewer relevant items than k.
        Assert.Equal(1, RankingMetrics.NdcgAt(10, [8, 1, 5, 7, 2], Relevant), 12);
        Assert.Equal(0, RankingMetrics.NdcgAt(10, [2, 3], Relevant));
    }

    [Fact]
    public void Coverage_is_the_share_of_the_catalog_in_any_top_k()
    {
        long[][] lists = [[1, 2, 3], [3, 4], [5, 6, 7, 8]];

        Assert.Equal(8 / 20.0, RankingMetrics.CoverageAt(10, lists, 20), 12);
        Assert.Equal(6 / 20.0, RankingMetrics.CoverageAt(2, lists, 20), 12);
    }
}
