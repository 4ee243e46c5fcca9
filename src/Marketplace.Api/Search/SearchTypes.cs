using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using GraphQL.Types.Relay;
using GraphQL.Types.Relay.DataObjects;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.Personalization;

namespace Marketplace.Api.Search;

public sealed class SearchFilterInputType : InputObjectGraphType<SearchFilterInput>
{
    public SearchFilterInputType()
    {
        Name = "SearchFilter";
        Description = "All given filters must match; within one, any of its values. Brands, sellers and attributes match case-insensitively.";
        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("categoryIds").Description("Categories; descendants are included.").MaxItems(Limits.FilterCategories, 100);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("categorySlugs").Description("Categories by slug; descendants are included.").MaxItems(Limits.FilterCategories, Limits.Slug);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("brands").MaxItems(Limits.FilterBrands, Limits.Name);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("sellerHandles").MaxItems(Limits.FilterBrands, Limits.Handle);
        Field<PriceRangeInputType>("price").Description("The price buyers see (the price range's minimum), bounds included.");
        Field<ListGraphType<NonNullGraphType<AttributeFilterInputType>>>("attributes")
            .Description("Product attributes and variant options alike (size finds the option Size).")
            .MaxItems(Limits.FilterAttributes);
        Field<BooleanGraphType>("inStockOnly").Description("Only products in stock; with an option filter, that option value must be in stock.");
    }
}

public sealed class SearchSortType : EnumerationGraphType<SearchSort>
{
    public SearchSortType()
    {
        Name = "SearchSort";
        Description = "RELEVANCE ranks by the words; the others order by price, newest or popularity.";
    }
}

public sealed class SearchResultType : ObjectGraphType<SearchResult>
{
    public SearchResultType()
    {
        Name = "SearchResult";
        Field<NonNullGraphType<IntGraphType>>("totalCount").Description("Products matching, across all pages.")
            .Resolve(ctx => (int)Math.Min(int.MaxValue, ctx.Source.Response.TotalCount));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchEdgeType>>>>("edges")
            .CostPerItem(GraphQLLimitsOptions.LargestPageSize)
            .Resolve(ctx => ctx.Source.Response.Hits.Select((hit, i) =>
                new SearchEdge(SearchCursor.For(ctx.Source.Offset + i), new RankedHit(hit, ctx.Source.Offset + i, ctx.Source))));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx =>
        {
            var (response, offset) = (ctx.Source.Response, ctx.Source.Offset);
            var hits = response.Hits.Count;
            return new PageInfo
            {
                HasPreviousPage = offset > 0,
                HasNextPage = offset + hits < Math.Min(response.TotalCount, SearchService.MaxDepth),
                StartCursor = hits == 0 ? null : SearchCursor.For(offset),
                EndCursor = hits == 0 ? null : SearchCursor.For(offset + hits - 1),
            };
        });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFacetType>>>>("facets")
            .Description("Counts per value for a filter panel. Each dimension's counts ignore its own selection, so other values stay visible while one is ticked.")
            .ListCost(30)
            .Resolve(ctx => ctx.Source.Response.Facets);
        Field<StringGraphType>("didYouMean").Description("A spelling the catalog knows better, when the words look mistyped.")
            .Resolve(ctx => ctx.Source.Response.DidYouMean);
        Field<StringGraphType>("correctedQuery").Description("Set when the words found nothing and these results are for this corrected query instead.")
            .Resolve(ctx => ctx.Source.Response.CorrectedQuery);
        Field(r => r.RequestId).Description("Send it with the CLICK and ADD_TO_CART events of this page's hits, so they count for it.");
    }
}

public sealed record SearchEdge(string Cursor, RankedHit Hit);

/// <summary>A hit with its 0-based rank and the search it came from (for explaining its personal rank).</summary>
public sealed record RankedHit(SearchHit Hit, int Rank, SearchResult Result);

public sealed class SearchEdgeType : ObjectGraphType<SearchEdge>
{
    public SearchEdgeType()
    {
        Name = "SearchEdge";
        Field(e => e.Cursor);
        Field<NonNullGraphType<SearchHitType>>("node").Resolve(ctx => ctx.Source.Hit);
    }
}

public sealed class SearchHitType : ObjectGraphType<RankedHit>
{
    public SearchHitType()
    {
        Name = "SearchHit";
        Field<ProductType, IDataLoaderResult<Product?>>("product")
            .Description("Null only when the product was removed after the search ran.")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Hit.ProductId));
        Field<NonNullGraphType<FloatGraphType>>("score").Description("The engine's relevance score; comparable within one search only.")
            .Resolve(ctx => (double)ctx.Source.Hit.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchHighlightType>>>>("highlights")
            .Description("Where the words matched, with <em> around them and the rest HTML-encoded.")
            .ListCost(5)
            .Resolve(ctx => ctx.Source.Hit.Highlights);
        Field<SearchHitPersonalizationType>("personalization")
            .Description("Why the product ranks where it does for you: its boost (0 = none; the score was multiplied by 1 + boost) and the reasons. Null when the search was not personalized.")
            .Resolve(ctx => ctx.Source.Result.Plan?.Explain(ctx.Source.Hit));
        Field<SearchHitDebugType>("debug").Description("Only for `search(debug: true)`: the hit's rank with and without personalization.")
            .Resolve(ctx => ctx.Source.Result.UnpersonalizedRanks is { } ranks
                ? new SearchHitDebug(ctx.Source.Rank + 1, ranks.TryGetValue(ctx.Source.Hit.ProductId, out var rank) ? rank + 1 : null)
                : null);
    }
}

public sealed class SearchHitPersonalizationType : ObjectGraphType<SearchHitPersonalization>
{
    public SearchHitPersonalizationType()
    {
        Name = "SearchHitPersonalization";
        Field<NonNullGraphType<FloatGraphType>>("boost").Resolve(ctx => ctx.Source.Boost);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PersonalizationReasonType>>>>("reasons").ListCost(20).Resolve(ctx => ctx.Source.Reasons);
    }
}

public sealed record SearchHitDebug(int PersonalizedRank, int? UnpersonalizedRank);

public sealed class SearchHitDebugType : ObjectGraphType<SearchHitDebug>
{
    public SearchHitDebugType()
    {
        Name = "SearchHitDebug";
        Field<NonNullGraphType<IntGraphType>>("personalizedRank").Description("1-based rank in this search.").Resolve(ctx => ctx.Source.PersonalizedRank);
        Field<IntGraphType>("unpersonalizedRank")
            .Description($"1-based rank of the same search without personalization; null beyond the first {SearchService.DebugDepth:N0}.")
            .Resolve(ctx => ctx.Source.UnpersonalizedRank);
    }
}

public sealed class PersonalizationInputType : InputObjectGraphType<PersonalizationInput>
{
    public PersonalizationInputType()
    {
        Name = "PersonalizationInput";
        Description = "Personal ranking from your profile and intent. Disabled, or impact 0, ranks exactly as for nobody in particular.";
        Field<BooleanGraphType>("enabled").DefaultValue(true);
        Field<IntGraphType>("impact").Description("0..100: how strongly personal signals move the ranking.").DefaultValue(100);
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new PersonalizationInput(
        value.TryGetValue("enabled", out var enabled) && enabled is bool on ? on : true,
        value.TryGetValue("impact", out var impact) && impact is int strength ? strength : 100);
}

public sealed class SearchHighlightType : ObjectGraphType<SearchHighlight>
{
    public SearchHighlightType()
    {
        Name = "SearchHighlight";
        Field(h => h.Field);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("fragments").Resolve(ctx => ctx.Source.Fragments);
    }
}

public sealed class SearchFacetType : ObjectGraphType<SearchFacet>
{
    public SearchFacetType()
    {
        Name = "SearchFacet";
        Field(f => f.Name).Description("category, brand, seller, price, or an attribute or option name in lower case (size, color, gender).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchFacetValueType>>>>("values").ListCost(50).Resolve(ctx => ctx.Source.Values);
    }
}

public sealed class SearchFacetValueType : ObjectGraphType<SearchFacetValue>
{
    public SearchFacetValueType()
    {
        Name = "SearchFacetValue";
        Field(v => v.Value).Description("What to pass back in the filter: a category slug, a brand, a seller handle, a value; for price \"25-50\" or \"500-\".");
        Field(v => v.Label).Description("What to show.");
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(ctx => (int)Math.Min(int.MaxValue, ctx.Source.Count));
    }
}

public sealed class SuggestionKindType : EnumerationGraphType<SuggestionKind>
{
    public SuggestionKindType() => Name = "SearchSuggestionKind";
}

public sealed class SearchSuggestionType : ObjectGraphType<Suggestion>
{
    public SearchSuggestionType()
    {
        Name = "SearchSuggestion";
        Field(s => s.Text);
        Field<NonNullGraphType<SuggestionKindType>>("kind").Resolve(ctx => ctx.Source.Kind);
        Field<ProductType, IDataLoaderResult<Product?>>("product")
            .Description("The product, for a PRODUCT suggestion.")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => ctx.Source.Kind == SuggestionKind.Product && long.TryParse(ctx.Source.Key, out var id)
                ? loader.Load(id) : new global::Marketplace.Api.GraphQL.Loading.ResolvedResult<Product?>(null));
        Field<StringGraphType>("categorySlug").Description("The category, for a CATEGORY suggestion.")
            .Resolve(ctx => ctx.Source.Kind == SuggestionKind.Category ? ctx.Source.Key : null);
    }
}
