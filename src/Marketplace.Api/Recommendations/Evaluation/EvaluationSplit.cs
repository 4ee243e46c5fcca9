namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>One shopper's side of the split: what the training history says of them, and what they went on to want.</summary>
public sealed record ShopperSplit(
    SyntheticShopper Shopper, IReadOnlySet<long> PurchasedInTraining, long? LastViewed, long? LastPurchased, IReadOnlySet<long> Test);

/// <summary>
/// The fixed time split. Training: every event before <see cref="SyntheticHistory.Cutoff"/> (the first 80% of the
/// timeline), the only part replayed into the API. Test: for each shopper, the products they carted or bought from the
/// cutoff on, less those they had already bought in training; shoppers with an empty test set are not evaluated.
/// </summary>
public sealed class EvaluationSplit
{
    private EvaluationSplit(IReadOnlyList<SyntheticEvent> training, IReadOnlyList<ShopperSplit> shoppers) =>
        (Training, Shoppers) = (training, shoppers);

    public IReadOnlyList<SyntheticEvent> Training { get; }

    /// <summary>The evaluated shoppers, by number.</summary>
    public IReadOnlyList<ShopperSplit> Shoppers { get; }

    public static EvaluationSplit Of(SyntheticHistory history)
    {
        var training = history.Training.ToList();
        var heldOut = history.HeldOut.ToLookup(e => e.Shopper);
        var trained = training.ToLookup(e => e.Shopper);
        var shoppers = new List<ShopperSplit>();
        foreach (var shopper in history.Shoppers)
        {
            var before = trained[shopper.Number].ToList();
            var purchased = before.Where(e => e.Action == SyntheticAction.Purchase).Select(e => e.ProductId).ToHashSet();
            var test = heldOut[shopper.Number].Where(e => e.Action is SyntheticAction.AddToCart or SyntheticAction.Purchase)
                .Select(e => e.ProductId).Where(p => !purchased.Contains(p)).ToHashSet();
            if (test.Count == 0) continue;
            shoppers.Add(new ShopperSplit(shopper, purchased,
                before.LastOrDefault(e => e.Action == SyntheticAction.View)?.ProductId,
                before.LastOrDefault(e => e.Action == SyntheticAction.Purchase)?.ProductId,
                test));
        }
        return new EvaluationSplit(training, shoppers);
    }
}
