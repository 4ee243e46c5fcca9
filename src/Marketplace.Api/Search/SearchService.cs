using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Personalization;
using Marketplace.Api.Personalization.Attribution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Search;

/// <summary>The buyer's search: checks and cleans the input, resolves what the engine cannot know (category slugs), and asks the engine.</summary>
public sealed class SearchService(
    ISearchEngine engine, MarketplaceDb db, SearchQueryLog queries, IOptions<CatalogOptions> catalog, SearchPersonalizer personalizer,
    PersonalizationAttribution attribution, Viewer viewer, ILogger<SearchService> logger)
{
    /// <summary>As deep as a buyer pages into one search (Elasticsearch's default result window).</summary>
    public const int MaxDepth = 10_000;

    /// <summary>How deep a debug search looks for each hit's un-personalized rank.</summary>
    public const int DebugDepth = 1_000;

    public async Task<SearchResult> SearchAsync(SearchInput input, CancellationToken ct)
    {
        var offset = input.After is null ? 0 : SearchCursor.Parse(input.After) + 1;
        if (offset + input.First > MaxDepth)
            throw ApiErrors.BadUserInput($"Search pages reach {MaxDepth:N0} results deep; narrow the search with filters instead.");
        if (input.Personalization.Impact is < 0 or > 100)
            throw ApiErrors.BadUserInput($"personalization.impact is {input.Personalization.Impact}; it runs from 0 (none) to 100 (full).");
        if (input.Debug) viewer.RequireAdmin();
        var request = new SearchRequest
        {
            Text = SearchText.Clean(input.Query),
            Filter = await FilterAsync(input.Filter, ct),
            Sort = input.Sort,
            Offset = offset,
            Limit = input.First,
            IncludeFacets = input.IncludeFacets,
        };
        var personalized = await personalizer.PlanAsync(request.Text, input.Personalization, ct);
        SearchResponse response;
        IReadOnlyDictionary<long, int>? unpersonalizedRanks = null;
        try
        {
            response = await engine.SearchAsync(request with { Personalization = personalized.Plan?.Personalization }, ct);
            if (input.Debug)
            {
                var plain = await engine.SearchAsync(
                    request with { Offset = 0, Limit = DebugDepth, IncludeFacets = false, IncludeHighlights = false, FallBackToCorrection = response.CorrectedQuery is not null }, ct);
                unpersonalizedRanks = plain.Hits.Select((hit, rank) => (hit.ProductId, rank)).ToDictionary(h => h.ProductId, h => h.rank);
            }
        }
        catch (SearchUnavailableException e)
        {
            logger.LogWarning("Search is unavailable: {Problem}", e.Message);
            throw ApiErrors.Unavailable("Search is unavailable right now; browse the catalog with `products` meanwhile.");
        }
        if (offset == 0 && request.Text is { Length: > 0 } text)
            queries.Record(response.CorrectedQuery ?? text, response.TotalCount);
        return new SearchResult(response, offset, input.First, attribution.BeginResponse(ResponseSurface.Search, personalized.Group))
        {
            Plan = personalized.Plan,
            UnpersonalizedRanks = unpersonalizedRanks,
        };
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
