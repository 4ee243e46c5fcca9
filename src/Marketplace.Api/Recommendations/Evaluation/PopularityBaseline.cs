namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>
/// The baseline every strategy is measured against, computed from the training history alone (not by the engine):
/// products by training purchases × 3 + training views, highest first, less what the shopper already bought.
/// </summary>
public sealed class PopularityBaseline
{
    public const int PurchaseWeight = 3;

    private readonly IReadOnlyList<long> ranked;

    public PopularityBaseline(IEnumerable<SyntheticEvent> training)
    {
        ranked = [.. training
            .GroupBy(e => e.ProductId)
            .Select(g => (ProductId: g.Key, Score: g.Sum(e => e.Action switch
            {
                SyntheticAction.Purchase => PurchaseWeight,
                SyntheticAction.View => 1,
                _ => 0,
            })))
            .Where(p => p.Score > 0)
            .OrderByDescending(p => p.Score).ThenBy(p => p.ProductId)
            .Select(p => p.ProductId)];
    }

    public IReadOnlyList<long> For(IReadOnlySet<long> purchased, int count) => [.. ranked.Where(p => !purchased.Contains(p)).Take(count)];
}
