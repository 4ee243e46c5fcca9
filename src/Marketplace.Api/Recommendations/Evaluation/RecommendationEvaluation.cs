using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>One row of the result: a strategy (or the HOME blend, or the baseline) averaged over the evaluated shoppers.</summary>
public sealed record EvaluationRow(string Name, bool Personalized, double Precision, double Recall, double Ndcg, double Coverage, int ShoppersServed)
{
    /// <summary>NDCG@10 relative to the baseline's: 0.2 is 20% better.</summary>
    public double LiftOver(EvaluationRow baseline) => baseline.Ndcg > 0 ? Ndcg / baseline.Ndcg - 1 : Ndcg > 0 ? double.PositiveInfinity : 0;
}

public sealed record EvaluationReport(IReadOnlyList<EvaluationRow> Rows, EvaluationRow Baseline, int ShoppersEvaluated)
{
    /// <summary>The bar the issue sets: personalized strategies beat popularity by this much in NDCG@10.</summary>
    public const double RequiredLift = 0.2;

    public EvaluationRow? BestPersonalized => Rows.Where(r => r.Personalized).OrderByDescending(r => r.Ndcg).ThenBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault();

    public bool MeetsBar => BestPersonalized is { } best && best.LiftOver(Baseline) >= RequiredLift;
}

/// <summary>
/// Asks each strategy, the HOME blend and the popularity baseline for 10 products per evaluated shopper, with the
/// shopper's features as the API reads them at the cutoff, and scores the lists against the held-out products.
/// </summary>
public sealed class RecommendationEvaluation(IServiceProvider services)
{
    public const int K = 10;
    public const string HomeBlend = "HOME (blend)";
    public const string Popularity = "POPULARITY (baseline)";

    /// <summary>Each strategy's seed product: SIMILAR_ITEMS and ALSO_VIEWED the last training view, FREQUENTLY_BOUGHT_TOGETHER the last training purchase.</summary>
    public static RecommendationRequest RequestFor(RecommendationStrategy strategy, ShopperSplit shopper, CallerFeatures caller) => strategy switch
    {
        RecommendationStrategy.SimilarItems or RecommendationStrategy.AlsoViewed => new(RecommendationPlacement.ProductDetail, shopper.LastViewed, K, caller),
        RecommendationStrategy.FrequentlyBoughtTogether => new(RecommendationPlacement.ProductDetail, shopper.LastPurchased, K, caller),
        _ => new(RecommendationPlacement.Home, null, K, caller),
    };

    private static bool NeedsSeed(RecommendationStrategy strategy) =>
        strategy is RecommendationStrategy.SimilarItems or RecommendationStrategy.AlsoViewed or RecommendationStrategy.FrequentlyBoughtTogether;

    public async Task<EvaluationReport> RunAsync(EvaluationSplit split, int catalogSize, IProgress<int> progress, CancellationToken ct)
    {
        if (split.Shoppers.Count == 0)
        {
            var none = new EvaluationRow(Popularity, false, 0, 0, 0, 0, 0);
            return new EvaluationReport([none], none, 0);
        }
        var baseline = new PopularityBaseline(split.Training);
        var strategies = Enum.GetValues<RecommendationStrategy>();
        var lists = new Dictionary<string, List<(ShopperSplit Shopper, IReadOnlyList<long> Products)>>();
        void Add(string name, ShopperSplit shopper, IReadOnlyList<long> products) =>
            (lists.TryGetValue(name, out var list) ? list : lists[name] = []).Add((shopper, products));

        var done = 0;
        foreach (var shopper in split.Shoppers)
        {
            Add(Popularity, shopper, baseline.For(shopper.PurchasedInTraining, K));
            await using var scope = services.CreateAsyncScope();
            var recommender = scope.ServiceProvider.GetRequiredService<IRecommender>();
            var caller = await FeaturesAsync(scope.ServiceProvider, shopper.Shopper, ct);
            foreach (var strategy in strategies)
            {
                var request = RequestFor(strategy, shopper, caller);
                var products = NeedsSeed(strategy) && request.ProductId is null ? []
                    : Ids(await recommender.RunStrategyAsync(strategy, request, ct));
                Add(Name(strategy), shopper, products);
            }
            Add(HomeBlend, shopper, Ids(await recommender.RecommendAsync(new RecommendationRequest(RecommendationPlacement.Home, null, K, caller), ct)));
            progress.Report(++done);
        }

        EvaluationRow Score(string name, bool personalized)
        {
            var scored = lists[name];
            return new EvaluationRow(name, personalized,
                scored.Average(s => RankingMetrics.PrecisionAt(K, s.Products, s.Shopper.Test)),
                scored.Average(s => RankingMetrics.RecallAt(K, s.Products, s.Shopper.Test)),
                scored.Average(s => RankingMetrics.NdcgAt(K, s.Products, s.Shopper.Test)),
                RankingMetrics.CoverageAt(K, scored.Select(s => s.Products), catalogSize),
                scored.Count(s => s.Products.Count > 0));
        }
        var rows = lists.Keys.Where(k => k != Popularity)
            .Select(name => Score(name, name != Name(RecommendationStrategy.Trending)))
            .ToList();
        var popularity = Score(Popularity, false);
        return new EvaluationReport([.. rows, popularity], popularity, split.Shoppers.Count);
    }

    public static string Name(RecommendationStrategy strategy) => global::GraphQL.StringExtensions.ToConstantCase(strategy.ToString());

    private static async Task<CallerFeatures> FeaturesAsync(IServiceProvider scope, SyntheticShopper shopper, CancellationToken ct)
    {
        var profile = await scope.GetRequiredService<MarketplaceDb>().Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.CustomerId == shopper.CustomerId, ct);
        return profile is null ? CallerFeatures.Anonymous : await scope.GetRequiredService<CallerFeaturesProvider>().ReadAsync(profile, ct);
    }

    /// <summary>The recommended products in rank order, each once.</summary>
    private static IReadOnlyList<long> Ids(IReadOnlyList<Recommendation> recommendations) =>
        [.. recommendations.Select(r => r.ProductId).Distinct().Take(K)];
}
