namespace Marketplace.Api.GraphQL.Limits;

/// <summary>What the complexity analysis measured for this request, reported in <c>extensions.cost</c>.</summary>
public sealed class QueryCost
{
    public const string UserContextKey = "marketplace.cost";

    public double RequestedQueryCost { get; set; }
    public int MaximumAvailable { get; init; }
    public int Depth { get; set; }

    public Dictionary<string, object?> ToExtension() => new()
    {
        ["requestedQueryCost"] = RequestedQueryCost,
        ["maximumAvailable"] = MaximumAvailable,
    };
}
