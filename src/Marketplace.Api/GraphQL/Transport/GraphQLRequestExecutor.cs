using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Persisted;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL.Transport;

public sealed record GraphQLOutcome(ExecutionResult Result, int StatusCode, bool Cacheable);

/// <summary>Runs one GraphQL request: persisted query look-up, the GET mutation guard, execution, cost report.</summary>
public sealed class GraphQLRequestExecutor(
    IDocumentExecuter<ISchema> executer,
    IDocumentBuilder documentBuilder,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLLimitsOptions> limits)
{
    public IGraphQLTextSerializer Serializer => serializer;

    public async Task<GraphQLOutcome> ExecuteAsync(GraphQLRequest request, HttpContext http, bool mutationsAllowed, CancellationToken ct)
    {
        var query = request.Query;
        string? hashToRegister = null;
        if (request.Extensions?.TryGetValue("persistedQuery", out var value) == true)
        {
            var persisted = value as IDictionary<string, object?>;
            if (persisted is null || !persisted.TryGetValue("sha256Hash", out var hashValue) || hashValue is not string hash)
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "extensions.persistedQuery needs a sha256Hash.");
            if (persisted.TryGetValue("version", out var version) && Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture) != "1")
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryNotSupported, "Only persisted query version 1 is supported.");
            hash = hash.ToLowerInvariant();
            var store = http.RequestServices.GetRequiredService<PersistedQueryStore>();
            if (string.IsNullOrEmpty(query))
            {
                query = await store.FindAsync(hash, ct);
                // Apollo's protocol: the client resends the same request with the query text.
                if (query is null)
                    return Refused(StatusCodes.Status200OK, ErrorCodes.PersistedQueryNotFound, "PersistedQueryNotFound");
            }
            else if (PersistedQueryStore.HashOf(query) != hash)
            {
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryHashMismatch,
                    "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.");
            }
            else
            {
                hashToRegister = hash;
            }
        }
        if (string.IsNullOrWhiteSpace(query))
            return Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request has no query.");

        GraphQLDocument? document = null;
        if (!mutationsAllowed)
        {
            try
            {
                document = documentBuilder.Build(query);
            }
            catch (GraphQLSyntaxErrorException)
            {
                // The executor parses again and reports the syntax error in the usual shape.
            }
            if (document is not null && GraphQLHttpEndpoint.OperationTypeOf(document, request.OperationName) == OperationType.Mutation)
                return Refused(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "Mutations must be sent with POST.");
        }

        var cost = new QueryCost { MaximumAvailable = limits.Value.MaxCost };
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = query;
            options.Document = document;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.RequestServices = http.RequestServices;
            options.User = http.User;
            options.CancellationToken = ct;
            options.UserContext = new Dictionary<string, object?> { [QueryCost.UserContextKey] = cost };
        });
        result.Extensions ??= [];
        result.Extensions["cost"] = cost.ToExtension();
        if (result.Executed && hashToRegister is not null)
            await http.RequestServices.GetRequiredService<PersistedQueryStore>().SaveAsync(hashToRegister, query, ct);

        // A request that fails before execution (parse, validation, limits, variables) is the client's fault.
        var status = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return new GraphQLOutcome(result, status, Cacheable: result.Executed && result.Errors is not { Count: > 0 });
    }

    private GraphQLOutcome Refused(int status, string code, string message) => new(Failure(code, message), status, Cacheable: false);

    /// <summary>A request refused before execution: one error, and a cost of nothing spent.</summary>
    public ExecutionResult Failure(string code, string message) => new()
    {
        Errors = [new ExecutionError(message) { Code = code }],
        Extensions = new() { ["cost"] = new QueryCost { MaximumAvailable = limits.Value.MaxCost }.ToExtension() },
    };
}
