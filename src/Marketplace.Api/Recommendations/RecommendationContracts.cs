using Marketplace.Api.Personalization;

namespace Marketplace.Api.Recommendations;

public enum RecommendationPlacement { Home, ProductDetail, Cart, SearchEmpty, PostPurchase }

public enum RecommendationStrategy { RecommendedForYou, SimilarItems, FrequentlyBoughtTogether, AlsoViewed, Trending, RecentlyViewed }

/// <summary>A request for one placement: the product it sits beside (PRODUCT_DETAIL, CART, POST_PURCHASE), how many, and for whom.</summary>
public sealed record RecommendationRequest(RecommendationPlacement Placement, long? ProductId, int First, CallerFeatures Caller);

public sealed record Recommendation(long ProductId, RecommendationStrategy Strategy, double Score, IReadOnlyList<PersonalizationReason> Reasons);

/// <summary>The recommendation engine: a placement's blend of strategies, or one strategy alone (offline evaluation).</summary>
public interface IRecommender
{
    Task<IReadOnlyList<Recommendation>> RecommendAsync(RecommendationRequest request, CancellationToken ct);

    Task<IReadOnlyList<Recommendation>> RunStrategyAsync(RecommendationStrategy strategy, RecommendationRequest request, CancellationToken ct);
}
