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
using System.Security.Claims;

namespace Marketplace.Api.GraphQL.Transport;

public sealed record GraphQLOutcome(ExecutionResult Result, int StatusCode, bool Cacheable, bool ClientDisconnected = false, bool IsSubscription = false);

/// <summary>Who runs a request and what its transport allows: HTTP GET no mutations, only the WebSocket subscriptions.</summary>
public sealed record GraphQLCaller(IServiceProvider Services, ClaimsPrincipal User, bool MutationsAllowed, bool SubscriptionsAllowed);

/// <summary>
/// Runs one GraphQL request: persisted query look-up, the document limits, the GET mutation guard,
/// execution under the time budget, cost report.
/// </summary>
public sealed class GraphQLRequestExecutor(
    IDocumentExecuter<ISchema> executer,
    IGraphQLTextSerializer serializer,
    IOptions<GraphQLLimitsOptions> limits,
    IOptions<PersistedQueryOptions> persistedQueries,
    IHostApplicationLifetime lifetime,
    ILogger<GraphQLRequestExecutor> logger)
{
    public IGraphQLTextSerializer Serializer => serializer;

    /// <param name="ct">The client's connection (HttpContext.RequestAborted).</param>
    public Task<GraphQLOutcome> ExecuteAsync(GraphQLRequest request, HttpContext http, bool mutationsAllowed, CancellationToken ct) =>
        ExecuteAsync(request, new GraphQLCaller(http.RequestServices, http.User, mutationsAllowed, SubscriptionsAllowed: false), ct);

    /// <param name="ct">The client's connection, or for a subscription over a WebSocket the operation's.</param>
    /// <remarks>
    /// The time budget covers a subscription's start (parsing, validation, the stream's resolver), not its life;
    /// its events are resolved under the stream's own token.
    /// </remarks>
    public async Task<GraphQLOutcome> ExecuteAsync(GraphQLRequest request, GraphQLCaller caller, CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
        var seconds = limits.Value.RequestTimeoutSeconds;
        budget.CancelAfter(TimeSpan.FromSeconds(seconds));
        // A seller's bulk import of thousands of rows is a mutation and may take longer than any page read.
        void AllowMutationTime()
        {
            seconds = limits.Value.MutationTimeoutSeconds;
            budget.CancelAfter(TimeSpan.FromSeconds(seconds));
        }
        try
        {
            return await ExecuteWithinBudgetAsync(request, caller, AllowMutationTime, budget.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            if (ct.IsCancellationRequested)
                return new GraphQLOutcome(new ExecutionResult(), StatusCodes.Status499ClientClosedRequest, Cacheable: false, ClientDisconnected: true);
            if (lifetime.ApplicationStopping.IsCancellationRequested)
                return Refused(StatusCodes.Status503ServiceUnavailable, ErrorCodes.ShuttingDown, "The server is shutting down; retry the request.");
            logger.LogWarning("GraphQL request {Operation} stopped after its time budget of {Seconds} s", request.OperationName ?? "(anonymous)", seconds);
            return Refused(StatusCodes.Status503ServiceUnavailable, ErrorCodes.RequestTimeout,
                $"The request took longer than {seconds:0.###} s. Ask for less (smaller pages, fewer nested lists).");
        }
    }

    private async Task<GraphQLOutcome> ExecuteWithinBudgetAsync(
        GraphQLRequest request, GraphQLCaller caller, Action allowMutationTime, CancellationToken ct)
    {
        var query = request.Query;
        var allowList = persistedQueries.Value.Mode == PersistedQueryMode.AllowList;
        if (allowList && !string.IsNullOrEmpty(query))
            return Refused(StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryRequired,
                "This server runs only persisted queries: send extensions.persistedQuery.sha256Hash without the query text.");
        string? hashToRegister = null;
        if (request.Extensions?.TryGetValue("persistedQuery", out var value) == true)
        {
            var persisted = value as IDictionary<string, object?>;
            if (persisted is null || !persisted.TryGetValue("sha256Hash", out var hashValue) || hashValue is not string hash)
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "extensions.persistedQuery needs a sha256Hash.");
            if (persisted.TryGetValue("version", out var version) && Convert.ToString(version, System.Globalization.CultureInfo.InvariantCulture) != "1")
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryNotSupported, "Only persisted query version 1 is supported.");
            if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit))
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "extensions.persistedQuery.sha256Hash must be 64 hexadecimal digits.");
            hash = hash.ToLowerInvariant();
            var store = caller.Services.GetRequiredService<PersistedQueryStore>();
            if (string.IsNullOrEmpty(query))
            {
                query = await store.FindAsync(hash, ct);
                // Apollo's protocol: the client resends the same request with the query text.
                if (query is null)
                    return Refused(allowList ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK, ErrorCodes.PersistedQueryNotFound, "PersistedQueryNotFound");
            }
            else if (PersistedQueryStore.HashOf(query) != hash)
            {
                return Refused(StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryHashMismatch,
                    "extensions.persistedQuery.sha256Hash is not the SHA-256 of the query.");
            }
            else if (persistedQueries.Value.AllowAnonymousRegistration || caller.User.Identity?.IsAuthenticated == true)
            {
                hashToRegister = hash;
            }
        }
        else if (allowList)
        {
            return Refused(StatusCodes.Status400BadRequest, ErrorCodes.PersistedQueryRequired,
                "This server runs only persisted queries: send extensions.persistedQuery.sha256Hash.");
        }
        if (string.IsNullOrWhiteSpace(query))
            return Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request has no query.");

        if (ParseWithinLimits(query, out var document) is { } refusal)
            return new GraphQLOutcome(Failure(refusal), StatusCodes.Status400BadRequest, Cacheable: false);
        var operationType = GraphQLHttpEndpoint.OperationTypeOf(document, request.OperationName);
        if (operationType == OperationType.Subscription && !caller.SubscriptionsAllowed)
            return Refused(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest,
                "Subscriptions run over a WebSocket at /graphql (subprotocol graphql-transport-ws).");
        if (operationType == OperationType.Mutation)
        {
            if (!caller.MutationsAllowed)
                return Refused(StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "Mutations must be sent with POST.");
            allowMutationTime();
        }

        var cost = new QueryCost { MaximumAvailable = limits.Value.MaxCost };
        var result = await executer.ExecuteAsync(options =>
        {
            options.Query = query;
            options.Document = document;
            options.OperationName = request.OperationName;
            options.Variables = request.Variables;
            options.Extensions = request.Extensions;
            options.RequestServices = caller.Services;
            options.User = caller.User;
            options.CancellationToken = ct;
            options.UserContext = new Dictionary<string, object?> { [QueryCost.UserContextKey] = cost };
        });
        result.Extensions ??= [];
        result.Extensions["cost"] = cost.ToExtension();
        if (result.Executed && hashToRegister is not null)
            await caller.Services.GetRequiredService<PersistedQueryStore>().SaveAsync(hashToRegister, query, ct);

        // A request that fails before execution (parse, validation, limits, variables) is the client's fault.
        var status = result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
        return new GraphQLOutcome(result, status, Cacheable: result.Executed && result.Errors is not { Count: > 0 },
            IsSubscription: operationType == OperationType.Subscription);
    }

    /// <summary>The token, depth, field, spread and directive limits, before validation and cost analysis see the document.</summary>
    private ExecutionError? ParseWithinLimits(string query, out GraphQLDocument document)
    {
        document = null!;
        var options = limits.Value;
        if (DocumentLimits.CheckTokens(query, options.MaxTokens) is { } tooLong) return Error(tooLong);
        try
        {
            document = DocumentLimits.Parse(query, options.MaxParserDepth);
        }
        catch (GraphQLMaxDepthExceededException)
        {
            logger.LogInformation("Refused a GraphQL document nested deeper than {MaxParserDepth}", options.MaxParserDepth);
            return new ExecutionError($"The document nests selections, lists or objects more than {options.MaxParserDepth} levels deep.") { Code = ErrorCodes.ParseFailed };
        }
        catch (GraphQLSyntaxErrorException e)
        {
            return new SyntaxError(e);
        }
        return DocumentLimits.CheckShape(document, options) is { } tooBig ? Error(tooBig) : null;
    }

    private static ExecutionError Error(DocumentRefusal refusal) => new(refusal.Message) { Code = refusal.Code };

    private GraphQLOutcome Refused(int status, string code, string message) => new(Failure(code, message), status, Cacheable: false);

    public ExecutionResult Failure(string code, string message) => Failure(new ExecutionError(message) { Code = code });

    /// <summary>A request refused before execution: one error, and a cost of nothing spent.</summary>
    public ExecutionResult Failure(ExecutionError error) => new()
    {
        Errors = [error],
        Extensions = new() { ["cost"] = new QueryCost { MaximumAvailable = limits.Value.MaxCost }.ToExtension() },
    };
}
