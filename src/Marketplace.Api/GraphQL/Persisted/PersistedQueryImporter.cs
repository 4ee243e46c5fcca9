using System.Text.Json;
using GraphQL;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Marketplace.Api.GraphQL.Limits;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL.Persisted;

public sealed record PersistedQueryImportResult(int Added, int Known, IReadOnlyList<string> Problems);

/// <summary>
/// Loads an allow-list: a JSON object of sha256 hash to query text (the shape Relay's and graphql-codegen's
/// persisted-documents outputs take), or a JSON array of query texts. Every document must parse, fit the limits
/// and validate against the schema, or nothing is imported.
/// </summary>
public sealed class PersistedQueryImporter(PersistedQueryStore store, ISchema schema, IDocumentValidator validator, IOptions<GraphQLLimitsOptions> limits)
{
    public async Task<PersistedQueryImportResult> ImportAsync(Stream json, CancellationToken ct)
    {
        Dictionary<string, string> queries;
        try
        {
            using var file = await JsonDocument.ParseAsync(json, cancellationToken: ct);
            queries = file.RootElement.ValueKind == JsonValueKind.Array
                ? file.RootElement.EnumerateArray().Select(e => e.GetString()!).DistinctBy(PersistedQueryStore.HashOf).ToDictionary(PersistedQueryStore.HashOf)
                : file.RootElement.EnumerateObject().ToDictionary(p => p.Name.ToLowerInvariant(), p => p.Value.GetString()!);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return new(0, 0, ["The file is neither a JSON object of hash to query text nor a JSON array of query texts."]);
        }

        schema.Initialize();
        var problems = new List<string>();
        foreach (var (hash, query) in queries)
        {
            if (PersistedQueryStore.HashOf(query) != hash)
                problems.Add($"{hash}: not the SHA-256 of its query text.");
            else if (await ProblemAsync(query, ct) is { } problem)
                problems.Add($"{hash}: {problem}");
        }
        if (problems.Count > 0) return new(0, 0, problems);

        var added = 0;
        foreach (var (hash, query) in queries)
            if (await store.ImportAsync(hash, query, ct)) added++;
        return new(added, queries.Count - added, []);
    }

    private async Task<string?> ProblemAsync(string query, CancellationToken ct)
    {
        var options = limits.Value;
        if (DocumentLimits.CheckTokens(query, options.MaxTokens) is { } tooLong) return tooLong.Message;
        GraphQLDocument document;
        try
        {
            document = DocumentLimits.Parse(query, options.MaxParserDepth);
        }
        catch (GraphQLParserException e)
        {
            return e.Message;
        }
        if (DocumentLimits.CheckShape(document, options) is { } tooBig) return tooBig.Message;
        foreach (var operation in document.Definitions.OfType<GraphQLOperationDefinition>())
        {
            var result = await validator.ValidateAsync(new ValidationOptions
            {
                Schema = schema,
                Document = document,
                Operation = operation,
                Rules = DocumentValidator.CoreRules,
                Variables = Inputs.Empty,
                Extensions = Inputs.Empty,
                UserContext = new Dictionary<string, object?>(),
                Metrics = global::GraphQL.Instrumentation.Metrics.None,
                CancellationToken = ct,
            });
            // Variables come with each request; only the document itself is checked here.
            var errors = result.Errors.Where(e => e is not InvalidVariableError).ToList();
            if (errors.Count > 0) return string.Join(" ", errors.Select(e => e.Message));
        }
        return null;
    }
}
