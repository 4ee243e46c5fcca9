namespace Marketplace.Api.Search;

public enum SearchSort { Relevance, PriceAsc, PriceDesc, Newest, Popularity }

/// <summary>A validated search, as the engines receive it: text already bounded and cleaned, filters resolved to ids.</summary>
public sealed record SearchRequest
{
    /// <summary>The buyer's words, plain text (never engine syntax); null or empty browses with filters and sort.</summary>
    public string? Text { get; init; }
    public SearchFilter Filter { get; init; } = SearchFilter.None;
    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    /// <summary>Hits to skip (the cursor's position) and to return.</summary>
    public int Offset { get; init; }
    public int Limit { get; init; } = 20;

    /// <summary>Whether to count facets; a page that shows none skips the work.</summary>
    public bool IncludeFacets { get; init; } = true;
    public bool IncludeHighlights { get; init; } = true;

    /// <summary>When the text finds nothing, search again with the corrected text and say so (<see cref="SearchResponse.CorrectedQuery"/>).</summary>
    public bool FallBackToCorrection { get; init; } = true;

    /// <summary>The caller's boosts and pins; null ranks for nobody in particular.</summary>
    public SearchPersonalization? Personalization { get; init; }
}

/// <summary>
/// Filters combine with AND across dimensions and OR within one (brands: ["A", "B"] is A or B). Brand, seller handle
/// and attribute names and values match case-insensitively; attribute names match product attributes and option
/// names alike ("size" finds option "Size"); with <see cref="InStockOnly"/>, an option value must be available.
/// </summary>
public sealed record SearchFilter
{
    public static readonly SearchFilter None = new();

    /// <summary>Each id matches products in that category or any descendant.</summary>
    public IReadOnlyList<int> CategoryIds { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];
    public IReadOnlyList<string> SellerHandles { get; init; } = [];
    public long? MinPriceMinor { get; init; }
    public long? MaxPriceMinor { get; init; }
    public IReadOnlyList<AttributeFilter> Attributes { get; init; } = [];
    public bool InStockOnly { get; init; }
}

public sealed record AttributeFilter(string Name, IReadOnlyList<string> Values);
