using GraphQL.Types.Relay.DataObjects;

namespace Marketplace.Api.GraphQL.Relay;

/// <summary>A connection page. totalCount runs its own query, only when a client asks for it.</summary>
public sealed class Page<T>(IReadOnlyList<Edge<T>> edges, PageInfo pageInfo, Func<CancellationToken, Task<int>> countAsync)
{
    public IReadOnlyList<Edge<T>> Edges { get; } = edges;
    public PageInfo PageInfo { get; } = pageInfo;
    public Func<CancellationToken, Task<int>> CountAsync { get; } = countAsync;
}
