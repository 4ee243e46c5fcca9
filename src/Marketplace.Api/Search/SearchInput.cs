using Marketplace.Api.Personalization;
using Marketplace.Api.Catalog;

namespace Marketplace.Api.Search;

public sealed record SearchInput(string? Query, SearchFilterInput? Filter, SearchSort Sort, int First, string? After, bool IncludeFacets)
{
    public PersonalizationInput Personalization { get; init; } = PersonalizationInput.Default;

    /// <summary>Admins only: also rank without personalization, to show each hit's rank beside its personal one.</summary>
    public bool Debug { get; init; }
}

public sealed class SearchFilterInput
{
    public IReadOnlyList<string>? CategoryIds { get; init; }
    public IReadOnlyList<string>? CategorySlugs { get; init; }
    public IReadOnlyList<string>? Brands { get; init; }
    public IReadOnlyList<string>? SellerHandles { get; init; }
    public PriceRange? Price { get; init; }
    public IReadOnlyList<Catalog.AttributeFilter>? Attributes { get; init; }
    public bool? InStockOnly { get; init; }
}

/// <summary>A page of hits, with the position of its first for cursors, and the request id its clicks cite.</summary>
public sealed record SearchResult(SearchResponse Response, int Offset, int Requested, string RequestId)
{
    /// <summary>The boosts the search ran with; null when it was not personalized.</summary>
    public PersonalizedSearchPlan? Plan { get; init; }

    /// <summary>For a debug search: each product's 0-based rank without personalization (within the first <see cref="SearchService.DebugDepth"/>).</summary>
    public IReadOnlyDictionary<long, int>? UnpersonalizedRanks { get; init; }
}

/// <summary>Search cursors are positions in the ranking, opaque to clients.</summary>
public static class SearchCursor
{
    private const string Prefix = "search:";

    public static string For(int position) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Prefix + position));

    public static int Parse(string cursor)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            if (text.StartsWith(Prefix, StringComparison.Ordinal) && int.TryParse(text[Prefix.Length..], out var position) && position >= 0)
                return position;
        }
        catch (FormatException)
        {
        }
        throw GraphQL.Errors.ApiErrors.BadUserInput("after is not a cursor of this search.");
    }
}
