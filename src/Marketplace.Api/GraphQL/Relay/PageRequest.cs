using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Errors;

namespace Marketplace.Api.GraphQL.Relay;

/// <summary>first/after/last/before, checked: one direction at a time, a page of at most MaxPageSize.</summary>
public sealed record PageRequest(int Size, bool Backward, string? Cursor)
{
    public static PageRequest From(IResolveFieldContext ctx, int defaultSize, int maxSize)
    {
        var first = ctx.GetArgument<int?>("first");
        var last = ctx.GetArgument<int?>("last");
        var after = ctx.GetArgument<string?>("after");
        var before = ctx.GetArgument<string?>("before");
        if (first is not null && last is not null)
            throw ApiErrors.BadUserInput("Pass either first or last, not both.");
        if (after is not null && before is not null)
            throw ApiErrors.BadUserInput("Pass either after or before, not both.");
        var size = first ?? last ?? defaultSize;
        if (size < 0)
            throw ApiErrors.BadUserInput($"{(last is null ? "first" : "last")} must not be negative.");
        if (size > maxSize)
            throw ApiErrors.BadUserInput($"{(last is null ? "first" : "last")} is {size}; the most one page holds is {maxSize}.");
        var backward = last is not null || (first is null && before is not null);
        return new PageRequest(size, backward, backward ? before : after);
    }
}

public static class ConnectionArguments
{
    public static FieldBuilder<TSource, TReturn> PageArguments<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field) => field
        .Argument<IntGraphType>("first", "Items from the start, at most 100.")
        .Argument<StringGraphType>("after", "Cursor to start after.")
        .Argument<IntGraphType>("last", "Items from the end, at most 100.")
        .Argument<StringGraphType>("before", "Cursor to end before.");
}

public static class PageRequestExtensions
{
    public static PageRequest PageRequest(this IResolveFieldContext ctx, Microsoft.Extensions.Options.IOptions<Limits.GraphQLLimitsOptions> limits) =>
        Relay.PageRequest.From(ctx, limits.Value.DefaultPageSize, limits.Value.MaxPageSize);
}
