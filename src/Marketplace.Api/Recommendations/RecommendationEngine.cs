using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Recommendations;

/// <summary>
/// Fills a placement: runs its strategies, rescales each to its own best (1), keeps each product's strongest
/// strategy, drops what the caller cannot or need not buy, applies the persona's price sensitivity and the segments'
/// merchandising rules, and spreads the list across sellers and brands.
/// </summary>
public sealed class RecommendationEngine(
    RecommendationStrategies strategies, ProductDocuments documents, RecommendationCatalogCache cache, MarketplaceDb db,
    IActiveMerchandising merchandising, IOptions<RecommendationsOptions> options)
    : IRecommender
{
    /// <summary>Extra products checked past what a list needs, to stand in for any the final stock check drops.</summary>
    private const int Spare = 3;

    /// <summary>Each placement's strategies and their weights; Trending comes last in each, so even a cold caller gets a full list.</summary>
    public static readonly IReadOnlyDictionary<RecommendationPlacement, (RecommendationStrategy Strategy, double Weight)[]> Blends =
        new Dictionary<RecommendationPlacement, (RecommendationStrategy, double)[]>
        {
            [RecommendationPlacement.Home] =
                [(RecommendationStrategy.RecommendedForYou, 1.0), (RecommendationStrategy.RecentlyViewed, 0.7), (RecommendationStrategy.AlsoViewed, 0.6), (RecommendationStrategy.Trending, 0.5)],
            [RecommendationPlacement.ProductDetail] =
                [(RecommendationStrategy.SimilarItems, 1.0), (RecommendationStrategy.AlsoViewed, 0.9), (RecommendationStrategy.FrequentlyBoughtTogether, 0.8), (RecommendationStrategy.Trending, 0.3)],
            [RecommendationPlacement.Cart] =
                [(RecommendationStrategy.FrequentlyBoughtTogether, 1.0), (RecommendationStrategy.AlsoViewed, 0.6), (RecommendationStrategy.RecommendedForYou, 0.5), (RecommendationStrategy.Trending, 0.3)],
            [RecommendationPlacement.SearchEmpty] =
                [(RecommendationStrategy.Trending, 1.0), (RecommendationStrategy.RecommendedForYou, 0.8), (RecommendationStrategy.RecentlyViewed, 0.6)],
            [RecommendationPlacement.PostPurchase] =
                [(RecommendationStrategy.FrequentlyBoughtTogether, 1.0), (RecommendationStrategy.RecommendedForYou, 0.6), (RecommendationStrategy.SimilarItems, 0.4), (RecommendationStrategy.Trending, 0.3)],
        };

    private sealed record Candidate(ProductDocument Product, RecommendationStrategy Strategy, double Score, List<PersonalizationReason> Reasons, bool Pinned = false);

    public async Task<IReadOnlyList<Recommendation>> RecommendAsync(RecommendationRequest request, CancellationToken ct)
    {
        if (request.First <= 0) return [];
        var input = new StrategyInput(request, Anchors(request), request.First * 4 + 20);
        var best = new Dictionary<long, (RecommendationStrategy Strategy, double Score, IReadOnlyList<PersonalizationReason> Reasons)>();
        foreach (var (strategy, weight) in Blends[request.Placement])
        {
            var proposed = await strategies.RunAsync(strategy, input, ct);
            var top = proposed.Count == 0 ? 0 : proposed.Max(p => p.Score);
            if (top <= 0) continue;
            foreach (var p in proposed)
            {
                var score = weight * p.Score / top;
                if (!best.TryGetValue(p.ProductId, out var held) || held.Score < score) best[p.ProductId] = (strategy, score, p.Reasons);
            }
        }
        var candidates = await ExcludeAsync(request, best.Select(b => (b.Key, b.Value.Strategy, b.Value.Score, b.Value.Reasons)), ct);
        candidates = PreferCheaper(request.Caller.Persona, candidates);
        candidates = await MerchandiseAsync(request.Caller.SegmentIds, candidates, ct);
        var buyable = await StillBuyableAsync([.. Ranked(candidates).Take(request.First * 4 + Spare)], ct);
        return [.. Diversify(buyable, request.First).Select(ToRecommendation)];
    }

    public async Task<IReadOnlyList<Recommendation>> RunStrategyAsync(RecommendationStrategy strategy, RecommendationRequest request, CancellationToken ct)
    {
        if (request.First <= 0) return [];
        var proposed = await strategies.RunAsync(strategy, new StrategyInput(request, Anchors(request), request.First * 2 + 20), ct);
        var candidates = await ExcludeAsync(request, proposed.Select(p => (p.ProductId, strategy, p.Score, p.Reasons)), ct);
        return [.. (await StillBuyableAsync([.. Ranked(candidates).Take(request.First + Spare)], ct)).Take(request.First).Select(ToRecommendation)];
    }

    /// <summary>What the placement sits beside: the page's product, the cart, the order just placed, else the last products viewed.</summary>
    private static List<long> Anchors(RecommendationRequest request)
    {
        var caller = request.Caller;
        var anchors = new List<long>();
        if (request.ProductId is { } productId) anchors.Add(productId);
        if (request.Placement == RecommendationPlacement.Cart) anchors.AddRange(CartOf(caller));
        if (anchors.Count > 0) return [.. anchors.Distinct()];
        if (request.Placement == RecommendationPlacement.PostPurchase)
        {
            var last = caller.Recent.FirstOrDefault(e => e.Type == TrackedEventType.Purchase && e.ProductId is not null);
            if (last is not null)
                return [.. caller.Recent.Where(e => e.Type == TrackedEventType.Purchase && e.At == last.At && e.ProductId is not null).Select(e => e.ProductId!.Value).Distinct()];
        }
        return [.. caller.RecentlyViewedProductIds.Take(3)];
    }

    /// <summary>Products the caller added to a cart and has not removed or bought since (newest events first).</summary>
    private static IEnumerable<long> CartOf(CallerFeatures caller) =>
        caller.Recent.Where(e => e.ProductId is not null && e.Type is TrackedEventType.AddToCart or TrackedEventType.RemoveFromCart or TrackedEventType.Purchase)
            .GroupBy(e => e.ProductId!.Value)
            .Where(g => g.First().Type == TrackedEventType.AddToCart)
            .Select(g => g.Key);

    /// <summary>
    /// Keeps products someone can buy now (a product without a visible offer, e.g. only a suspended seller's, has no
    /// document), in stock, not the one the page shows, not in the cart, and not already bought unless people buy it again.
    /// </summary>
    private async Task<List<Candidate>> ExcludeAsync(
        RecommendationRequest request, IEnumerable<(long ProductId, RecommendationStrategy Strategy, double Score, IReadOnlyList<PersonalizationReason> Reasons)> proposed,
        CancellationToken ct)
    {
        var shown = new HashSet<long>();
        if (request.ProductId is { } productId) shown.Add(productId);
        if (request.Placement == RecommendationPlacement.Cart) shown.UnionWith(CartOf(request.Caller));
        var list = proposed.Where(p => !shown.Contains(p.ProductId)).ToList();
        var loaded = await cache.DocumentsAsync(list.Select(p => p.ProductId), documents, ct);
        var purchased = request.Caller.PurchasedProductIds;
        return [.. list
            .Where(p => loaded.TryGetValue(p.ProductId, out var d) && d.InStock && (!purchased.Contains(p.ProductId) || IsConsumable(d)))
            .Select(p => new Candidate(loaded[p.ProductId], p.Strategy, p.Score, [.. p.Reasons]))];
    }

    /// <summary>The final list checked against the database: product facts come from a short-lived cache, stock and visibility must not.</summary>
    private async Task<List<Candidate>> StillBuyableAsync(IReadOnlyList<Candidate> ranked, CancellationToken ct)
    {
        if (ranked.Count == 0) return [];
        var ids = ranked.Select(c => c.Product.ProductId).ToList();
        var buyable = (await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.InStock && p.OfferCount > 0).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        return [.. ranked.Where(c => buyable.Contains(c.Product.ProductId))];
    }

    private bool IsConsumable(ProductDocument product) =>
        product.Attributes.Any(a => a.Name.Equals("consumable", StringComparison.OrdinalIgnoreCase) && a.Value.Trim().ToLowerInvariant() is "true" or "yes")
        || product.Categories.Any(c => options.Value.ConsumableCategories.Contains(c.Slug, StringComparer.OrdinalIgnoreCase));

    /// <summary>A price-sensitive persona sees cheaper items first: scores scale by the square root of the median price over the item's (between half and double).</summary>
    private static List<Candidate> PreferCheaper(Persona? persona, List<Candidate> candidates)
    {
        if (persona?.PriceSensitivity != PriceSensitivity.High || candidates.Count == 0) return candidates;
        var prices = candidates.Select(c => (double)Math.Max(1, c.Product.PriceMinor)).Order().ToList();
        var median = prices[prices.Count / 2];
        return candidates.ConvertAll(c =>
        {
            var factor = Math.Clamp(Math.Sqrt(median / Math.Max(1, c.Product.PriceMinor)), 0.5, 2);
            return c with { Score = c.Score * factor, Reasons = [.. c.Reasons, new PersonalizationReason(ReasonKind.Affinity, "price-sensitivity:high", Math.Round(factor - 1, 6))] };
        });
    }

    /// <summary>The segments' rules: a boost multiplies the score by 1 + weight/100, a bury divides by it, a pin puts the product first.</summary>
    private async Task<List<Candidate>> MerchandiseAsync(IReadOnlyList<long> segmentIds, List<Candidate> candidates, CancellationToken ct)
    {
        if (segmentIds.Count == 0 || candidates.Count == 0) return candidates;
        var rules = await merchandising.ForSegmentsAsync([.. segmentIds], ct);
        if (rules.Count == 0) return candidates;
        return candidates.ConvertAll(c =>
        {
            foreach (var rule in rules.Where(r => r.Matches(c.Product)).OrderBy(r => r.Id))
            {
                var factor = 1 + rule.Weight / 100;
                c = rule.Action switch
                {
                    MerchandisingAction.Boost => c with { Score = c.Score * factor, Reasons = [.. c.Reasons, new(ReasonKind.Merchandising, $"rule:{rule.Id}", rule.Weight / 100)] },
                    MerchandisingAction.Bury => c with { Score = c.Score / factor, Reasons = [.. c.Reasons, new(ReasonKind.Merchandising, $"rule:{rule.Id}", -rule.Weight / 100)] },
                    _ => c with { Pinned = true, Reasons = [.. c.Reasons, new(ReasonKind.Merchandising, $"rule:{rule.Id}", rule.Weight / 100)] },
                };
            }
            return c;
        });
    }

    private static IEnumerable<Candidate> Ranked(IEnumerable<Candidate> candidates) =>
        candidates.OrderByDescending(c => c.Pinned).ThenByDescending(c => c.Score).ThenBy(c => c.Product.ProductId);

    /// <summary>Takes the ranked candidates in order, skipping one whose seller or brand already holds its share of the list.</summary>
    private IEnumerable<Candidate> Diversify(IEnumerable<Candidate> ranked, int first)
    {
        var settings = options.Value;
        var sellerCap = Math.Max(1, (int)Math.Floor(settings.MaxSellerShare * first + 1e-9));
        var brandCap = Math.Max(1, (int)Math.Floor(settings.MaxBrandShare * first + 1e-9));
        var bySeller = new Dictionary<long, int>();
        var byBrand = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var taken = 0;
        foreach (var c in ranked)
        {
            if (taken == first) yield break;
            if (c.Product.Sellers.Any(s => bySeller.GetValueOrDefault(s.Id) >= sellerCap)) continue;
            if (c.Product.Brand is { } brand && byBrand.GetValueOrDefault(brand) >= brandCap) continue;
            foreach (var seller in c.Product.Sellers) bySeller[seller.Id] = bySeller.GetValueOrDefault(seller.Id) + 1;
            if (c.Product.Brand is { } counted) byBrand[counted] = byBrand.GetValueOrDefault(counted) + 1;
            taken++;
            yield return c;
        }
    }

    private static Recommendation ToRecommendation(Candidate c) =>
        new(c.Product.ProductId, c.Strategy, Math.Round(c.Score, 6), c.Reasons);
}
