using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Personalization.Attribution;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Recommendations;

/// <summary>One response: its id (what a click or purchase from it will name), the placement and the products.</summary>
public sealed record RecommendationResult(string RequestId, RecommendationPlacement Placement, IReadOnlyList<Recommendation> Items);

/// <summary>
/// Answers the recommendations field for the caller of the request. A caller held out of personalization gets what
/// a visitor without history gets (trending and popular), and the response counts for the control group.
/// </summary>
public sealed class RecommendationService(
    IRecommender recommender, CallerFeaturesProvider callers, PersonalizationAudience audience, PersonalizationAttribution attribution, MarketplaceDb db)
{
    public Task<bool> ProductExistsAsync(long productId, CancellationToken ct) => db.Products.AnyAsync(p => p.Id == productId, ct);

    public async Task<RecommendationResult> RecommendAsync(RecommendationPlacement placement, long? productId, int first, CancellationToken ct)
    {
        var caller = await callers.GetAsync(ct);
        var group = audience.GroupOf(enabled: true, caller);
        if (group is false) caller = CallerFeatures.Anonymous;
        var items = await recommender.RecommendAsync(new RecommendationRequest(placement, productId, first, caller), ct);
        return new RecommendationResult(attribution.BeginResponse(ResponseSurface.Recommendations, group), placement, items);
    }
}
