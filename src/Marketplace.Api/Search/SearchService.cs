using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Personalization.Attribution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Search;

/// <summary>The buyer's search: checks and cleans the input, resolves what the engine cannot know (category slugs), and asks the engine.</summary>
public sealed class SearchService(
    ISearchEngine engine, MarketplaceDb db, SearchQueryLog queries, PersonalizationAttribution attribution,
    IOptions<CatalogOptions> catalog, ILogger<SearchService> logger)
{
    /// <summary>As deep as a buyer pages into one search (Elasticsearch's default result window).</summary>
    public const int MaxDepth = 10_000;

    public async Task<SearchResult> SearchAsync(SearchInput input, CancellationToken ct)
    {
        var offset = input.After is null ? 0 : SearchCursor.Parse(input.After) + 1;
        if (offset + input.First > MaxDepth)
            throw ApiErrors.BadUserInput($"Search pages reach {MaxDepth:N0} results deep; narrow the search with filters instead.");
        var request = new SearchRequest
        {
            Text = SearchText.Clean(input.Query),
            Filter = await FilterAsync(input.Filter, ct),
            Sort = input.Sort,
            Offset = offset,
            Limit = input.First,
            IncludeFacets = input.IncludeFacets,
        };
        SearchResponse response;
        try
        {
            response = await engine.SearchAsync(request, ct);
        }
        catch (SearchUnavailableException e)
        {
            logger.LogWarning("Search is unavailable: {Problem}", e.Message);
            throw ApiErrors.Unavailable("Search is unavailable right now; browse the catalog with `products` meanwhile.");
        }
        if (offset == 0 && request.Text is { Length: > 0 } text)
            queries.Record(response.CorrectedQuery ?? text, response.TotalCount);
        return new SearchResult(response, offset, input.First, attribution.BeginResponse(ResponseSurface.Search, personalized: false));
    }

    public async Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int first, CancellationToken ct)
    {
        var text = SearchText.Clean(prefix);
        if (text is null) return [];
        try
        {
            return await engine.SuggestAsync(text, first, ct);
        }
        catch (SearchUnavailableException e)
        {
            logger.LogWarning("Search is unavailable: {Problem}", e.Message);
            throw ApiErrors.Unavailable("Suggestions are unavailable right now.");
        }
    }

    private async Task<SearchFilter> FilterAsync(SearchFilterInput? input, CancellationToken ct)
    {
        if (input is null) return SearchFilter.None;
        if (input.Price is { } price)
        {
            if (price.Min < 0 || price.Max < 0) throw ApiErrors.BadUserInput("A price bound must not be negative.");
            if (price.Min > price.Max) throw ApiErrors.BadUserInput($"The price range is reversed: min {price.Min} is above max {price.Max}.");
        }
        var categoryIds = new List<int>();
        foreach (var id in input.CategoryIds ?? [])
        {
            var parsed = GlobalId.Parse(id, CategoryType.TypeName);
            if (parsed is null or > int.MaxValue) throw ApiErrors.BadUserInput($"'{id}' is not a Category id.");
            categoryIds.Add((int)parsed);
        }
        if (input.CategorySlugs is { Count: > 0 } slugs)
        {
            var found = await db.Categories.AsNoTracking().Where(c => slugs.Contains(c.Slug)).Select(c => new { c.Slug, c.Id }).ToListAsync(ct);
            var unknown = slugs.Except(found.Select(c => c.Slug)).ToList();
            if (unknown.Count > 0) throw ApiErrors.BadUserInput($"No category has the slug '{unknown[0]}'.");
            categoryIds.AddRange(found.Select(c => c.Id));
        }
        var currency = catalog.Value.Currency;
        return new SearchFilter
        {
            CategoryIds = categoryIds.Distinct().ToList(),
            Brands = Keys(input.Brands),
            SellerHandles = Keys(input.SellerHandles),
            MinPriceMinor = input.Price?.Min is { } min ? Money.ToMinorCeiling(min, currency) : null,
            MaxPriceMinor = input.Price?.Max is { } max ? Money.ToMinorFloor(max, currency) : null,
            Attributes = (input.Attributes ?? [])
                .Where(a => a.Values.Count > 0)
                .Select(a => new AttributeFilter(SearchText.Key(a.Name), Keys(a.Values)))
                .ToList(),
            InStockOnly = input.InStockOnly ?? false,
        };
    }

    private static IReadOnlyList<string> Keys(IEnumerable<string>? values) =>
        (values ?? []).Select(SearchText.Key).Where(v => v.Length > 0).Distinct().ToList();
}
