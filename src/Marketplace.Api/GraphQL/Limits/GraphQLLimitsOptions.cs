using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.GraphQL.Limits;

public sealed class GraphQLLimitsOptions
{
    public const string Section = "GraphQL:Limits";

    [Range(1, 100)] public int MaxDepth { get; set; } = 12;

    /// <summary>Each field costs 1; list fields multiply their children by the page size (first/last).</summary>
    [Range(1, 1_000_000)] public int MaxCost { get; set; } = 5_000;

    [Range(0, 10_000)] public int MaxAliases { get; set; } = 30;

    [Range(1_024, 100 * 1024 * 1024)] public long MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>For sellers and admins with a valid token: fits a 5,000-row bulkUpsertListings with new products (about 3 MB).</summary>
    [Range(1_024, 100 * 1024 * 1024)] public long MaxAuthenticatedRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Page size when neither first nor last is given; also what an unbounded list is charged.</summary>
    [Range(1, 100)] public int DefaultPageSize { get; set; } = 20;

    [Range(1, 1_000)] public int MaxPageSize { get; set; } = 100;
}
