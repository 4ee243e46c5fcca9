using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.GraphQL.Limits;

public sealed class GraphQLLimitsOptions
{
    public const string Section = "GraphQL:Limits";

    [Range(1, 100)] public int MaxDepth { get; set; } = 12;

    /// <summary>
    /// Each object costs 1, scalars nothing; lists multiply their children by the page size (first/last).
    /// A page of 100 product cards costs 703, a 5,000-row bulk with its per-row outcome and errors about 5,000.
    /// </summary>
    [Range(1, 1_000_000)] public int MaxCost { get; set; } = 10_000;

    [Range(0, 10_000)] public int MaxAliases { get; set; } = 30;

    [Range(1_024, 100 * 1024 * 1024)] public long MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>For sellers and admins with a valid token: fits a 5,000-row bulkUpsertListings with new products (about 3 MB).</summary>
    [Range(1_024, 100 * 1024 * 1024)] public long MaxAuthenticatedRequestBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Page size when neither first nor last is given; also what an unbounded list is charged.</summary>
    [Range(1, 100)] public int DefaultPageSize { get; set; } = 20;

    public const int LargestPageSize = 1_000;

    [Range(1, LargestPageSize)] public int MaxPageSize { get; set; } = 100;

    /// <summary>
    /// Lexical tokens in the document, counted before parsing. graphql-armor's default is 1,000; ours is 2,000
    /// because GraphiQL's introspection query takes about 160 and a storefront page with its fragments several
    /// hundred, while documents of thousands of fields (the cost of validation grows with them) are refused.
    /// </summary>
    [Range(100, 1_000_000)] public int MaxTokens { get; set; } = 2_000;

    /// <summary>Field selections written in the document (not expanded), which bounds overlapping-fields validation.</summary>
    [Range(10, 100_000)] public int MaxFields { get; set; } = 500;

    [Range(0, 100_000)] public int MaxFragmentSpreads { get; set; } = 100;

    [Range(0, 100_000)] public int MaxDirectives { get; set; } = 50;

    /// <summary>The parser's recursion limit in AST nodes (selections, list and object literals); GraphiQL's introspection query fits.</summary>
    [Range(16, 1_000)] public int MaxParserDepth { get; set; } = 64;

    /// <summary>What one <c>__schema</c> costs: a full introspection is tens of kilobytes of output, so 20 in one request exceed MaxCost.</summary>
    [Range(0, 1_000_000)] public int SchemaIntrospectionCost { get; set; } = 500;

    /// <summary>The time budget of one request, from parsing to the last byte of the response.</summary>
    [Range(0.001, 3_600)] public double RequestTimeoutSeconds { get; set; } = 5;

    /// <summary>The time budget of a mutation, which may import thousands of rows.</summary>
    [Range(0.001, 3_600)] public double MutationTimeoutSeconds { get; set; } = 60;
}
