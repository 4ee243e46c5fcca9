using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Recommendations;

/// <summary>One response: its id (what a click or purchase from it will name), the placement and the products.</summary>
public sealed record RecommendationResult(string RequestId, RecommendationPlacement Placement, IReadOnlyList<Recommendation> Items)
{
    /// <summary>A fresh id per response; attribution will take this over.</summary>
    public static string NewRequestId() => Guid.NewGuid().ToString("N");
}

/// <summary>Answers the recommendations field for the caller of the request.</summary>
public sealed class RecommendationService(IRecommender recommender, CallerFeaturesProvider callers, MarketplaceDb db)
{
    public Task<bool> ProductExistsAsync(long productId, CancellationToken ct) => db.Products.AnyAsync(p => p.Id == productId, ct);

    public async Task<RecommendationResult> RecommendAsync(RecommendationPlacement placement, long? productId, int first, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var items = await recommender.RecommendAsync(new RecommendationRequest(placement, productId, first, caller), ct);
        return new RecommendationResult(RecommendationResult.NewRequestId(), placement, items);
    }
}
