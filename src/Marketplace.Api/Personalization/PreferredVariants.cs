using Marketplace.Api.Catalog;
using Marketplace.Api.GraphQL.Loading;
using Marketplace.Api.Profiles;

namespace Marketplace.Api.Personalization;

/// <summary>
/// The caller's sizes and colors as their events show them: each sized event (a view counts 1, a cart 2, a purchase 3)
/// with its category path, and the color they pick most.
/// </summary>
public sealed class VariantTaste
{
    private static readonly string[] SizeNames = ["size"];
    private static readonly string[] ColorNames = ["color", "colour"];

    private readonly IReadOnlyList<(string CategoryPath, string Size, int Weight)> sizes;

    private VariantTaste(IReadOnlyList<(string, string, int)> sizes, string? color)
    {
        this.sizes = sizes;
        Color = color;
    }

    public string? Color { get; }

    public bool KnowsSizes => sizes.Count > 0;

    public static VariantTaste Of(CallerFeatures caller)
    {
        if (!caller.Personalizable) return new([], null);
        var weighted = caller.Recent.Select(e => (Event: e, Weight: Weight(e.Type))).Where(x => x.Weight > 0).ToList();
        var sizes = weighted.Where(x => x.Event.Size is { Length: > 0 } && x.Event.CategoryPath is not null)
            .Select(x => (x.Event.CategoryPath!, Normalize(x.Event.Size!), x.Weight)).ToList();
        var color = MostWeighted(weighted.Where(x => x.Event.Color is { Length: > 0 }).Select(x => (Normalize(x.Event.Color!), x.Weight)))
            ?? caller.Affinities.Top(AffinityDimension.Color, 1).Select(c => Normalize(c.Key)).FirstOrDefault();
        return new(sizes, color);
    }

    /// <summary>
    /// The size the caller usually takes among the product's sizes: from events in its own category, else in its nearest
    /// ancestor with any, never above its top-level category. Only sizes the product comes in count, so shoe sizes
    /// never decide a shirt even where both sit under one top-level category.
    /// </summary>
    public string? UsualSize(string categoryPath, IReadOnlySet<string> productSizes)
    {
        if (productSizes.Count == 0) return null;
        var slugs = categoryPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var depth = slugs.Length; depth >= 1; depth--)
        {
            var prefix = "/" + string.Join('/', slugs.Take(depth)) + "/";
            var usual = MostWeighted(sizes.Where(s => s.CategoryPath.StartsWith(prefix, StringComparison.Ordinal) && productSizes.Contains(s.Size))
                .Select(s => (s.Size, s.Weight)));
            if (usual is not null) return usual;
        }
        return null;
    }

    /// <summary>The in-stock variant in the usual size and preferred color, else in the usual size; null when neither is known or in stock.</summary>
    public ProductVariant? Choose(string categoryPath, IReadOnlyList<ProductVariant> variants)
    {
        var productSizes = variants.SelectMany(v => Values(v, SizeNames)).ToHashSet(StringComparer.Ordinal);
        if (UsualSize(categoryPath, productSizes) is not { } size) return null;
        var fitting = variants.Where(v => v.InStock && Values(v, SizeNames).Contains(size)).ToList();
        return (Color is { } color ? fitting.FirstOrDefault(v => Values(v, ColorNames).Contains(color)) : null) ?? fitting.FirstOrDefault();
    }

    private static IEnumerable<string> Values(ProductVariant variant, string[] names) =>
        variant.SelectedOptions.Where(o => names.Contains(o.Name.Trim().ToLowerInvariant())).Select(o => Normalize(o.Value));

    private static int Weight(TrackedEventType type) => type switch
    {
        TrackedEventType.Purchase => 3,
        TrackedEventType.AddToCart => 2,
        TrackedEventType.ProductView => 1,
        _ => 0,
    };

    // Ties go to the value seen most recently (events come newest first).
    private static string? MostWeighted(IEnumerable<(string Value, int Weight)> newestFirst) =>
        newestFirst.Select((x, i) => (x.Value, x.Weight, Index: i)).GroupBy(x => x.Value)
            .Select(g => (Value: g.Key, Total: g.Sum(x => x.Weight), Latest: g.Min(x => x.Index)))
            .OrderByDescending(g => g.Total).ThenBy(g => g.Latest)
            .Select(g => g.Value).FirstOrDefault();

    private static string Normalize(string value) => value.Trim().ToUpperInvariant();
}

/// <summary>Product.preferredVariant for a page of products: the caller's features once, category paths from a cache, variants in one query.</summary>
public sealed class PreferredVariantLoader(CallerFeaturesProvider callers, ProductFacts facts, VariantsByProductLoader variants)
    : EntityLoader<(long ProductId, int CategoryId), ProductVariant>
{
    protected override async Task<IReadOnlyDictionary<(long ProductId, int CategoryId), ProductVariant?>> FetchAsync(
        IReadOnlyCollection<(long ProductId, int CategoryId)> keys, CancellationToken ct)
    {
        var taste = VariantTaste.Of(await callers.GetAsync(ct));
        if (!taste.KnowsSizes) return new Dictionary<(long, int), ProductVariant?>();
        var paths = await facts.CategorySlugsAsync(ct);
        var productIds = keys.Select(k => k.ProductId).Distinct().ToList();
        var families = await variants.LoadMany(productIds).GetResultAsync(ct);
        var byProduct = productIds.Zip(families).ToDictionary(p => p.First, p => p.Second);
        return keys.ToDictionary(k => k, k => paths.TryGetValue(k.CategoryId, out var path) ? taste.Choose(path, byProduct[k.ProductId]) : null);
    }
}
