using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Profiles;
using Marketplace.Api.Recommendations;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Evaluation;

/// <summary>
/// A stand-in engine for the evaluation's own tests, until the real one is registered: FOR_YOU ranks products by the
/// caller's category and brand affinities (so it sees only what ingestion made of the replayed events), SIMILAR_ITEMS
/// returns the seed's category, RECENTLY_VIEWED the caller's views; the rest return nothing.
/// </summary>
public sealed class AffinityRecommender(MarketplaceDb db) : IRecommender
{
    public Task<IReadOnlyList<Recommendation>> RecommendAsync(RecommendationRequest request, CancellationToken ct) =>
        RunStrategyAsync(RecommendationStrategy.RecommendedForYou, request, ct);

    public async Task<IReadOnlyList<Recommendation>> RunStrategyAsync(RecommendationStrategy strategy, RecommendationRequest request, CancellationToken ct)
    {
        var caller = request.Caller;
        var products = await db.Products.AsNoTracking().Where(p => p.OfferCount > 0)
            .Join(db.Categories.AsNoTracking(), p => p.CategoryId, c => c.Id, (p, c) => new { p.Id, c.Slug, p.Brand })
            .OrderBy(p => p.Id).ToListAsync(ct);
        IEnumerable<long> ranked = strategy switch
        {
            RecommendationStrategy.RecommendedForYou => products
                .Select(p => (p.Id, Score: caller.Affinities.Score(AffinityDimension.Category, p.Slug) + 0.5 * caller.Affinities.Score(AffinityDimension.Brand, p.Brand ?? "")))
                .Where(p => p.Score > 0).OrderByDescending(p => p.Score).ThenBy(p => p.Id).Select(p => p.Id),
            RecommendationStrategy.SimilarItems => products.Where(p => p.Slug == products.FirstOrDefault(s => s.Id == request.ProductId)?.Slug && p.Id != request.ProductId)
                .Select(p => p.Id),
            RecommendationStrategy.RecentlyViewed => caller.RecentlyViewedProductIds,
            _ => [],
        };
        return [.. ranked.Where(id => !caller.PurchasedProductIds.Contains(id)).Take(request.First)
            .Select((id, rank) => new Recommendation(id, strategy, 1.0 / (rank + 1), [new PersonalizationReason(ReasonKind.Affinity, "test", 1)]))];
    }
}
