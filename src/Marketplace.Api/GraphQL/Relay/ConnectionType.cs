using GraphQL;
using GraphQL.Types;
using GraphQL.Types.Relay;
using Marketplace.Api.GraphQL.Limits;

namespace Marketplace.Api.GraphQL.Relay;

public sealed class ConnectionType<TNodeType, TNode> : ObjectGraphType<Page<TNode>>
    where TNodeType : IGraphType
{
    public ConnectionType()
    {
        var nodeName = typeof(TNodeType).Name.EndsWith("Type", StringComparison.Ordinal)
            ? typeof(TNodeType).Name[..^"Type".Length]
            : typeof(TNodeType).Name;
        Name = $"{nodeName}Connection";
        Description = $"A page of {nodeName} items.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EdgeType<TNodeType>>>>>("edges").CostPerItem(GraphQLLimitsOptions.LargestPageSize).Resolve(ctx => ctx.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TNodeType>>>>("nodes")
            .Description("The nodes of the edges, for clients that need no cursors.")
            .CostPerItem(GraphQLLimitsOptions.LargestPageSize)
            .Resolve(ctx => ctx.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(ctx => ctx.Source.PageInfo);
        Field<NonNullGraphType<IntGraphType>>("totalCount")
            .Description("How many items match, across all pages. Costs a count query; ask only when you show it.")
            .ResolveAsync(async ctx => await ctx.Source.CountAsync(ctx.CancellationToken));
    }
}
