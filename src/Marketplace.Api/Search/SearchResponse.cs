namespace Marketplace.Api.Search;

public sealed record SearchResponse(
    long TotalCount,
    IReadOnlyList<SearchHit> Hits,
    IReadOnlyList<SearchFacet> Facets,
    string? DidYouMean = null,
    string? CorrectedQuery = null)
{
    public static readonly SearchResponse Empty = new(0, [], []);
}

public sealed record SearchHit(long ProductId, float Score, IReadOnlyList<SearchHighlight> Highlights)
{
    /// <summary>Indexes into the request's <see cref="SearchPersonalization.Boosts"/> that this product matched.</summary>
    public IReadOnlyList<int> MatchedBoosts { get; init; } = [];
    public bool Pinned { get; init; }
}

/// <summary>Fragments of a field with the matched words wrapped in &lt;em&gt;...&lt;/em&gt;, the rest HTML-encoded.</summary>
public sealed record SearchHighlight(string Field, IReadOnlyList<string> Fragments);

/// <summary>
/// Counts for one dimension, disjunctive: they ignore the request's own selection in that dimension, so a storefront
/// can show "Brand: A (12), B (7)" while A is ticked. Names: <c>category</c>, <c>brand</c>, <c>seller</c>,
/// <c>price</c>, and each attribute or option name in lower case (<c>size</c>, <c>color</c>, <c>gender</c>).
/// </summary>
public sealed record SearchFacet(string Name, IReadOnlyList<SearchFacetValue> Values);

/// <summary>
/// Category values are slugs with the category name as label, counted with descendants (hierarchical); price values
/// are ranges in major units ("25-50", "200-" for open-ended) from <see cref="PriceRanges"/>.
/// </summary>
public sealed record SearchFacetValue(string Value, string Label, long Count);

public static class FacetNames
{
    public const string Category = "category";
    public const string Brand = "brand";
    public const string Seller = "seller";
    public const string Price = "price";

    public static string ForAttribute(string name) => name.ToLowerInvariant();
}
