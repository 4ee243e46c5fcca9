using System.Text.RegularExpressions;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Profiles;
using Marketplace.Api.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Recommendations;

/// <summary>A product one strategy proposes, with its score on that strategy's own scale and why.</summary>
public sealed record ScoredProduct(long ProductId, double Score, IReadOnlyList<PersonalizationReason> Reasons);

/// <summary>
/// What a strategy works from: the request, the products it sits beside (the page's product, the cart, the order just
/// placed, else what the caller viewed last) and how many candidates to propose.
/// </summary>
public sealed record StrategyInput(RecommendationRequest Request, IReadOnlyList<long> Anchors, int Limit)
{
    public CallerFeatures Caller => Request.Caller;
}

/// <summary>
/// The six candidate sources. Each reads the request's caller and anchors alone, so it runs inside a placement's blend
/// or by itself (offline evaluation). Scores are comparable within one strategy only; the engine rescales them.
/// </summary>
public sealed partial class RecommendationStrategies(
    MarketplaceDb db, ProductDocuments documents, RecommendationCatalogCache cache, IOptions<RecommendationsOptions> options,
    IOptions<CatalogOptions> catalog, TimeProvider time)
{
    private const int MaxCandidates = 300;
    /// <summary>How many of the catalog's top trends are kept to pick trending products of one category from.</summary>
    private const int TrendRows = 5_000;
    private Dictionary<int, Category>? categories;

    public Task<List<ScoredProduct>> RunAsync(RecommendationStrategy strategy, StrategyInput input, CancellationToken ct) => strategy switch
    {
        RecommendationStrategy.RecommendedForYou => RecommendedForYouAsync(input, ct),
        RecommendationStrategy.SimilarItems => SimilarItemsAsync(input, ct),
        RecommendationStrategy.FrequentlyBoughtTogether => PairedAsync(db.CoPurchases, ReasonKind.BoughtTogether, input, ct),
        RecommendationStrategy.AlsoViewed => PairedAsync(db.CoViews, ReasonKind.ViewedTogether, input, ct),
        RecommendationStrategy.Trending => TrendingAsync(input, ct),
        RecommendationStrategy.RecentlyViewed => Task.FromResult(RecentlyViewed(input)),
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, null),
    };

    /// <summary>The caller's own history: most recent view first.</summary>
    private static List<ScoredProduct> RecentlyViewed(StrategyInput input) =>
        [.. input.Caller.RecentlyViewedProductIds.Where(id => id != input.Request.ProductId)
            .Take(input.Limit)
            .Select((id, rank) => new ScoredProduct(id, 1.0 / (1 + rank), [new PersonalizationReason(ReasonKind.RecentlyViewed, $"product:{id}", 1.0 / (1 + rank))]))];

    /// <summary>Products most people also viewed (or bought) with the anchors, by count of people.</summary>
    private async Task<List<ScoredProduct>> PairedAsync<TPair>(DbSet<TPair> pairs, ReasonKind kind, StrategyInput input, CancellationToken ct)
        where TPair : ProductPairCount
    {
        if (input.Anchors.Count == 0) return [];
        var anchors = input.Anchors.ToList();
        var rows = await pairs.AsNoTracking().Where(p => anchors.Contains(p.ProductId) && !anchors.Contains(p.OtherProductId))
            .Select(p => new { p.ProductId, p.OtherProductId, p.Count }).ToListAsync(ct);
        return [.. rows.GroupBy(r => r.OtherProductId)
            .Select(g => new ScoredProduct(g.Key, g.Sum(r => r.Count),
                [.. g.OrderByDescending(r => r.Count).ThenBy(r => r.ProductId).Select(r => new PersonalizationReason(kind, $"product:{r.ProductId}", r.Count))]))
            .OrderByDescending(s => s.Score).ThenBy(s => s.ProductId).Take(input.Limit)];
    }

    /// <summary>
    /// Decayed popularity: in the anchor's category when there is an anchor, else over the catalog, plus its popularity
    /// among the caller's segments. Padded with what most sellers offer, so a new catalog (or a cold caller) still gets a list.
    /// </summary>
    private async Task<List<ScoredProduct>> TrendingAsync(StrategyInput input, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var halfLife = options.Value.TrendHalfLife;
        var horizon = now - 20 * halfLife;
        var tree = await CategoriesAsync(ct);
        var scope = input.Request.ProductId is { } anchorId ? await CategoryOfAsync(anchorId, ct) : null;
        var scopeIds = scope is null ? null : CategoryIdsUnder(tree, [scope.Id]);

        // Trending in a category is read from the catalog's top trends, so one cached list serves every category.
        var allTrends = await cache.TrendsAsync(() => db.ProductTrends.AsNoTracking().Where(t => t.AsOf >= horizon)
            .OrderByDescending(t => t.Score).Take(TrendRows)
            .Join(db.Products, t => t.ProductId, p => p.Id, (t, p) => new RecommendationCatalogCache.TrendRow(t.ProductId, p.CategoryId, t.Score, t.AsOf))
            .ToListAsync(ct));
        var inScope = scopeIds?.ToHashSet();
        var trendRows = allTrends.Where(t => inScope is null || inScope.Contains(t.CategoryId)).Take(MaxCandidates);
        var trends = trendRows.ToDictionary(t => t.ProductId, t => t.Score * TrendDecay.Factor(t.AsOf, now, halfLife));

        var segmentIds = input.Caller.SegmentIds.ToList();
        var bySegment = new List<(long SegmentId, long ProductId, double Score)>();
        if (segmentIds.Count > 0)
        {
            var segmentQuery = db.SegmentProductTrends.AsNoTracking().Where(t => segmentIds.Contains(t.SegmentId) && t.AsOf >= horizon);
            if (scopeIds is not null) segmentQuery = segmentQuery.Where(t => db.Products.Any(p => p.Id == t.ProductId && scopeIds.Contains(p.CategoryId)));
            bySegment = [.. (await segmentQuery.OrderByDescending(t => t.Score).Take(MaxCandidates).ToListAsync(ct))
                .Select(t => (t.SegmentId, t.ProductId, t.Score * TrendDecay.Factor(t.AsOf, now, halfLife)))];
        }

        // Discovery: what the caller has just viewed is the recently-viewed strategy's to show.
        var seen = input.Caller.RecentlyViewedProductIds.ToHashSet();
        var popularityKey = scope is null ? "trending" : $"category:{scope.Slug}";
        var scored = trends.Keys.Concat(bySegment.Select(s => s.ProductId)).Distinct().Select(id =>
        {
            var reasons = new List<PersonalizationReason>();
            if (trends.TryGetValue(id, out var overall)) reasons.Add(new(ReasonKind.Popularity, popularityKey, overall));
            reasons.AddRange(bySegment.Where(s => s.ProductId == id).OrderBy(s => s.SegmentId).Select(s => new PersonalizationReason(ReasonKind.Segment, $"segment:{s.SegmentId}", s.Score)));
            return new ScoredProduct(id, reasons.Sum(r => r.Weight), reasons);
        }).Where(s => s.Score > 1e-9 && !seen.Contains(s.ProductId)).OrderByDescending(s => s.Score).ThenBy(s => s.ProductId).Take(input.Limit).ToList();

        if (scored.Count >= input.Limit) return scored;
        var taken = scored.Select(s => s.ProductId).Concat(seen).ToHashSet();
        var popularIds = scope is null ? await PopularEverywhereAsync(ct) : await PopularInCategoryAsync(scope.Id, ct);
        var padding = (await cache.DocumentsAsync(popularIds.Where(id => !taken.Contains(id)).Take(input.Limit), documents, ct)).Values
            .Select(d => new { Id = d.ProductId, d.OfferCount }).OrderByDescending(p => p.OfferCount).ThenBy(p => p.Id).ToList();
        // Below every trending product: popularity by offer count only orders what nobody has shown interest in yet.
        var floor = scored.Count == 0 ? 1 : scored.Min(s => s.Score) / 2;
        var most = padding.Count == 0 ? 1 : padding.Max(p => p.OfferCount);
        scored.AddRange(padding.Where(p => !taken.Contains(p.Id)).Take(input.Limit - scored.Count).Select(p =>
        {
            var score = floor * p.OfferCount / (most + 1.0);
            return new ScoredProduct(p.Id, score, [new PersonalizationReason(ReasonKind.Popularity, "popular", score)]);
        }));
        return scored;
    }

    /// <summary>Products like the first anchor: its category, brand, attributes, options, words and price; the same gender unless the caller browses another.</summary>
    private async Task<List<ScoredProduct>> SimilarItemsAsync(StrategyInput input, CancellationToken ct)
    {
        if (input.Anchors.Count == 0) return [];
        var anchor = await AnchorDocumentAsync(input.Anchors[0], ct);
        if (anchor is null) return [];
        var tree = await CategoriesAsync(ct);
        var leaf = anchor.Categories.LastOrDefault();
        var parent = anchor.Categories.Count > 1 ? anchor.Categories[^2] : leaf;
        var nearby = parent is null ? [] : CategoryIdsUnder(tree, [parent.Id]);
        var brand = anchor.Brand;
        var ids = new List<long>();
        if (leaf is not null) ids.AddRange(await PopularInCategoryAsync(leaf.Id, ct));
        if (parent is not null) ids.AddRange(await PopularInCategoryAsync(parent.Id, ct));
        if (brand is not null) ids.AddRange(await PopularOfBrandAsync(brand, ct));
        var candidates = (await cache.DocumentsAsync(ids.Where(id => id != anchor.ProductId).Distinct().Take(MaxCandidates), documents, ct)).Values;

        var gender = GenderOf(anchor);
        var allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "unisex" };
        if (gender is not null) allowed.Add(gender);
        allowed.UnionWith(input.Caller.Session.Select(e => e.Gender).OfType<string>());
        var anchorWords = Words(anchor);
        var anchorTraits = Traits(anchor);

        return [.. candidates
            .Where(c => gender is null || GenderOf(c) is not { } other || allowed.Contains(other))
            .Select(c =>
            {
                var reasons = new List<PersonalizationReason>();
                void Add(string key, double weight)
                {
                    if (weight > 1e-9) reasons.Add(new PersonalizationReason(ReasonKind.Similarity, key, Math.Round(weight, 6)));
                }
                var own = c.Categories.LastOrDefault();
                if (own is not null && own.Id == leaf?.Id) Add($"category:{own.Slug}", 1.0);
                else if (parent is not null && c.Categories.Any(x => x.Id == parent.Id)) Add($"category:{parent.Slug}", 0.5);
                if (brand is not null && string.Equals(c.Brand, brand, StringComparison.OrdinalIgnoreCase)) Add($"brand:{Affinities.Normalize(brand)}", 0.5);
                Add("attributes", Jaccard(anchorTraits, Traits(c)));
                Add("text", Jaccard(anchorWords, Words(c)));
                Add("price", 0.25 * Math.Min(anchor.PriceMinor, c.PriceMinor) / Math.Max(1, Math.Max(anchor.PriceMinor, c.PriceMinor)));
                return new ScoredProduct(c.ProductId, reasons.Sum(r => r.Weight), reasons);
            })
            // A price alike is no likeness on its own.
            .Where(s => s.Reasons.Any(r => r.Key != "price"))
            .OrderByDescending(s => s.Score).ThenBy(s => s.ProductId).Take(input.Limit)];
    }

    /// <summary>For you leaves out the caller's newest views (recently viewed shows them); older views may come back.</summary>
    private const int JustViewed = 5;

    /// <summary>Products in the categories and of the brands the caller cares most about, and what the caller's segments favour, scored by the caller's affinities.</summary>
    private async Task<List<ScoredProduct>> RecommendedForYouAsync(StrategyInput input, CancellationToken ct)
    {
        var caller = input.Caller;
        if (!caller.Personalizable) return [];
        var affinities = caller.Affinities;
        var tree = await CategoriesAsync(ct);
        var topSlugs = affinities.Top(AffinityDimension.Category, 5).Select(c => c.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var brands = affinities.Top(AffinityDimension.Brand, 3).Select(b => b.Key).ToList();
        var ids = new List<long>();
        foreach (var category in tree.Values.Where(c => topSlugs.Contains(c.Slug))) ids.AddRange(await PopularInCategoryAsync(category.Id, ct));
        foreach (var brand in brands) ids.AddRange(await PopularOfBrandAsync(brand, ct));
        ids = [.. ids.Distinct()];

        var segmentIds = caller.SegmentIds.ToList();
        var segmentScores = new Dictionary<long, (long SegmentId, double Score)>();
        if (segmentIds.Count > 0)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var halfLife = options.Value.TrendHalfLife;
            var rows = await db.SegmentProductTrends.AsNoTracking().Where(t => segmentIds.Contains(t.SegmentId))
                .OrderByDescending(t => t.Score).Take(50).ToListAsync(ct);
            foreach (var row in rows)
            {
                var score = row.Score * TrendDecay.Factor(row.AsOf, now, halfLife);
                if (!segmentScores.TryGetValue(row.ProductId, out var best) || best.Score < score) segmentScores[row.ProductId] = (row.SegmentId, score);
            }
        }
        if (ids.Count == 0 && segmentScores.Count == 0) return [];
        var candidates = (await cache.DocumentsAsync(ids.Union(segmentScores.Keys), documents, ct)).Values;
        var seen = caller.RecentlyViewedProductIds.Take(JustViewed).ToHashSet();
        var mostBySegment = segmentScores.Count == 0 ? 1 : segmentScores.Values.Max(s => s.Score);

        return [.. candidates.Select(c =>
            {
                var reasons = new List<PersonalizationReason>();
                void Add(ReasonKind kind, string key, double weight)
                {
                    if (weight > 1e-9) reasons.Add(new PersonalizationReason(kind, key, Math.Round(weight, 6)));
                }
                var own = c.Categories.LastOrDefault();
                var ancestors = c.Categories.Reverse().Skip(1).ToList();
                if (own is not null && affinities.Score(AffinityDimension.Category, own.Slug) is > 0 and var leafScore) Add(ReasonKind.Affinity, $"category:{own.Slug}", leafScore);
                else if (ancestors.Select(a => (a.Slug, Score: affinities.Score(AffinityDimension.Category, a.Slug))).OrderByDescending(a => a.Score).FirstOrDefault() is { Score: > 0 } near)
                    Add(ReasonKind.Affinity, $"category:{near.Slug}", 0.3 * near.Score);
                if (c.Brand is not null) Add(ReasonKind.Affinity, $"brand:{Affinities.Normalize(c.Brand)}", 0.6 * affinities.Score(AffinityDimension.Brand, c.Brand));
                if (GenderOf(c) is { } gender) Add(ReasonKind.Affinity, $"gender:{Affinities.Normalize(gender)}", 0.4 * affinities.Score(AffinityDimension.Gender, gender));
                var color = c.OptionValues.Where(o => o.Available && IsColor(o.Name))
                    .Select(o => (o.Value, Score: affinities.Score(AffinityDimension.Color, o.Value))).OrderByDescending(o => o.Score).FirstOrDefault();
                if (color.Value is not null) Add(ReasonKind.Affinity, $"color:{Affinities.Normalize(color.Value)}", 0.3 * color.Score);
                var band = Affinities.PriceBand(new Money(c.PriceMinor, catalog.Value.Currency).Amount);
                Add(ReasonKind.Affinity, $"price:{band}", 0.3 * affinities.Score(AffinityDimension.PriceBand, band));
                if (segmentScores.TryGetValue(c.ProductId, out var segment)) Add(ReasonKind.Segment, $"segment:{segment.SegmentId}", 0.5 * segment.Score / mostBySegment);
                return new ScoredProduct(c.ProductId, reasons.Sum(r => r.Weight), reasons);
            })
            .Where(s => s.Score > 0 && !seen.Contains(s.ProductId))
            .OrderByDescending(s => s.Score).ThenBy(s => s.ProductId).Take(input.Limit)];
    }

    /// <summary>The product as search sees it, or built from the catalog when no one sells it now (a product page still shows what is like it).</summary>
    private async Task<ProductDocument?> AnchorDocumentAsync(long productId, CancellationToken ct)
    {
        if ((await cache.DocumentsAsync([productId], documents, ct)).GetValueOrDefault(productId) is { } visible) return visible;
        var product = await db.Products.AsNoTracking().Where(p => p.Id == productId)
            .Select(p => new { p.Id, p.Title, p.Description, p.Brand, p.CategoryId, p.CreatedAt, p.MinPriceMinor }).FirstOrDefaultAsync(ct);
        if (product is null) return null;
        var attributes = await db.ProductAttributes.AsNoTracking().Where(a => a.ProductId == productId).Select(a => new DocumentAttribute(a.Name, a.Value)).ToListAsync(ct);
        var tree = await CategoriesAsync(ct);
        return new ProductDocument
        {
            ProductId = product.Id,
            Title = product.Title,
            Description = product.Description,
            Brand = product.Brand,
            Categories = tree.TryGetValue(product.CategoryId, out var category)
                ? [.. category.AncestorIds().Append(category.Id).Where(tree.ContainsKey).Select(id => new DocumentCategory(id, tree[id].Slug, tree[id].Name))]
                : [],
            Attributes = attributes,
            OptionValues = [],
            PriceMinor = product.MinPriceMinor ?? 0,
            MaxPriceMinor = product.MinPriceMinor ?? 0,
            InStock = false,
            Sellers = [],
            OfferCount = 0,
            Popularity = 0,
            CreatedAt = product.CreatedAt,
        };
    }

    /// <summary>The most offered in-stock products in a category and below it (per process, see <see cref="RecommendationCatalogCache"/>).</summary>
    private async Task<IReadOnlyList<long>> PopularInCategoryAsync(int categoryId, CancellationToken ct)
    {
        var under = CategoryIdsUnder(await CategoriesAsync(ct), [categoryId]);
        return await MostOfferedAsync($"category:{categoryId}", p => under.Contains(p.CategoryId), ct);
    }

    private Task<IReadOnlyList<long>> PopularOfBrandAsync(string brand, CancellationToken ct)
    {
        var key = brand.Trim().ToLowerInvariant();
        return MostOfferedAsync($"brand:{key}", p => p.Brand != null && p.Brand.ToLower() == key, ct);
    }

    private Task<IReadOnlyList<long>> PopularEverywhereAsync(CancellationToken ct) => MostOfferedAsync("all", _ => true, ct);

    private Task<IReadOnlyList<long>> MostOfferedAsync(string key, System.Linq.Expressions.Expression<Func<Product, bool>> among, CancellationToken ct) =>
        cache.PopularAsync(key, () => db.Products.AsNoTracking().Where(p => p.OfferCount > 0 && p.InStock).Where(among)
            .OrderByDescending(p => p.OfferCount).ThenBy(p => p.Id).Take(MaxCandidates).Select(p => p.Id).ToListAsync(ct));

    private async Task<Category?> CategoryOfAsync(long productId, CancellationToken ct)
    {
        var categoryId = await db.Products.AsNoTracking().Where(p => p.Id == productId).Select(p => (int?)p.CategoryId).FirstOrDefaultAsync(ct);
        return categoryId is { } id && (await CategoriesAsync(ct)).TryGetValue(id, out var category) ? category : null;
    }

    private async Task<Dictionary<int, Category>> CategoriesAsync(CancellationToken ct) =>
        categories ??= await db.Categories.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);

    /// <summary>The categories and every category below them.</summary>
    private static List<int> CategoryIdsUnder(Dictionary<int, Category> tree, IReadOnlyCollection<int> roots) =>
        [.. tree.Values.Where(c => roots.Contains(c.Id) || c.AncestorIds().Any(roots.Contains)).Select(c => c.Id)];

    public static string? GenderOf(ProductDocument product) =>
        product.Attributes.FirstOrDefault(a => a.Name.Equals("gender", StringComparison.OrdinalIgnoreCase))?.Value;

    private static bool IsColor(string name) => name.Equals("color", StringComparison.OrdinalIgnoreCase) || name.Equals("colour", StringComparison.OrdinalIgnoreCase);

    /// <summary>What describes the product beyond its category: attribute and option values other than gender, as name=value.</summary>
    private static HashSet<string> Traits(ProductDocument product) =>
    [
        .. product.Attributes.Where(a => !a.Name.Equals("gender", StringComparison.OrdinalIgnoreCase)).Select(a => $"{a.Name}={a.Value}".ToLowerInvariant()),
        .. product.OptionValues.Select(o => $"{o.Name}={o.Value}".ToLowerInvariant()),
    ];

    private static HashSet<string> Words(ProductDocument product) =>
        [.. WordPattern().Matches($"{product.Title} {product.Description}".ToLowerInvariant()).Select(m => m.Value).Where(w => w.Length >= 3)];

    private static double Jaccard(HashSet<string> a, HashSet<string> b) =>
        a.Count == 0 || b.Count == 0 ? 0 : (double)a.Count(b.Contains) / (a.Count + b.Count - a.Count(b.Contains));

    [GeneratedRegex(@"\p{L}[\p{L}\p{N}]*")]
    private static partial Regex WordPattern();
}
