using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.Personalization;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Search;

public static class SearchFields
{
    public const int MaxSuggestions = 20;

    public static void AddSearchFields(this ObjectGraphType query)
    {
        query.Field<NonNullGraphType<SearchResultType>, SearchResult>("search")
            .Description("Full-text search over products buyers can buy, with typo tolerance, synonyms, filters, facets and sorts. An empty query browses.")
            .Argument<StringGraphType>("query", arg => arg.MaxLength(Limits.SearchQuery))
            .Argument<SearchFilterInputType>("filter")
            .Argument<SearchSortType>("sort", arg => arg.DefaultValue = SearchSort.Relevance)
            .Argument<IntGraphType>("first", "Hits per page, at most 100.")
            .Argument<StringGraphType>("after", "Cursor to start after.")
            .Argument<PersonalizationInputType>("personalization", "Personal ranking for the caller (token or X-Visitor-Id); on by default.")
            .Argument<BooleanGraphType>("debug", arg => { arg.DefaultValue = false; arg.Description = "Admins: each hit's rank without personalization beside its own."; })
            .Resolve().WithServices<SearchService, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync(async (ctx, search, limits) =>
            {
                var first = ctx.GetArgument("first", limits.Value.DefaultPageSize);
                if (first < 0 || first > limits.Value.MaxPageSize)
                    throw ApiErrors.BadUserInput($"first is {first}; a search page holds 0 to {limits.Value.MaxPageSize} hits.");
                var facets = ctx.SubFields?.Values.Any(f => f.Field.Name.Value == "facets") ?? true;
                return await search.SearchAsync(new SearchInput(
                    ctx.GetArgument<string?>("query"), ctx.GetArgument<SearchFilterInput?>("filter"), ctx.GetArgument("sort", SearchSort.Relevance),
                    first, ctx.GetArgument<string?>("after"), facets)
                {
                    Personalization = ctx.GetArgument<PersonalizationInput?>("personalization") ?? PersonalizationInput.Default,
                    Debug = ctx.GetArgument("debug", false),
                }, ctx.CancellationToken);
            });

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<SearchSuggestionType>>>, IReadOnlyList<Suggestion>>("searchSuggestions")
            .Description("Typeahead: product titles, brands, categories and popular searches starting with the prefix, most popular first.")
            .Argument<NonNullGraphType<StringGraphType>>("prefix", arg => arg.MaxLength(Limits.SearchQuery))
            .Argument<IntGraphType>("first", arg => { arg.DefaultValue = 8; arg.Description = $"At most {MaxSuggestions}."; })
            .ListCost(MaxSuggestions)
            .Resolve().WithService<SearchService>()
            .ResolveAsync(async (ctx, search) =>
            {
                var first = ctx.GetArgument("first", 8);
                if (first < 0 || first > MaxSuggestions) throw ApiErrors.BadUserInput($"first is {first}; suggestions take 0 to {MaxSuggestions}.");
                return await search.SuggestAsync(ctx.GetArgument<string>("prefix"), first, ctx.CancellationToken);
            });
    }
}
