using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQLParser;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Ide;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Persisted;
using Marketplace.Api.GraphQL.Transport.WebSockets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Api.GraphQL.Transport;

/// <summary>GraphQL over HTTP (POST and GET) on minimal APIs, following the GraphQL-over-HTTP specification.</summary>
public static class GraphQLHttpEndpoint
{
    public const string Path = "/graphql";
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string Json = "application/json";

    public static IEndpointRouteBuilder MapGraphQLEndpoint(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Path, (HttpContext http, GraphQLRequestExecutor executor, IOptions<GraphQLLimitsOptions> limits) =>
            UnlessClientLeavesAsync(http, () => HandlePostAsync(http, executor, limits)));
        endpoints.MapGet(Path, (HttpContext http, GraphQLRequestExecutor executor) => http.WebSockets.IsWebSocketRequest
            ? GraphQLWebSocketEndpoint.AcceptAsync(http)
            : UnlessClientLeavesAsync(http, () => HandleGetAsync(http, executor)));
        endpoints.MapMethods(Path, ["PUT", "PATCH", "DELETE"], (HttpContext http) =>
            WriteErrorAsync(http, StatusCodes.Status405MethodNotAllowed, ErrorCodes.MethodNotAllowed, "Use GET or POST.", allow: "GET, POST"));
        endpoints.MapGet($"{Path}/schema.graphql", (ISchema schema) =>
            Results.Text(SchemaExport.Print(schema), "text/plain; charset=utf-8"));
        endpoints.MapGraphQLIdeAssets();
        return endpoints;
    }

    /// <summary>A client that hangs up is routine: one information line, no stack, nothing written.</summary>
    private static async Task UnlessClientLeavesAsync(HttpContext http, Func<Task> handle)
    {
        try
        {
            await handle();
        }
        catch (Exception e) when ((http.RequestAborted.IsCancellationRequested && e is OperationCanceledException or IOException)
            || e is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest })
        {
            // The second case: the client went away in the middle of sending its body.
            LogClientLeft(http);
        }
    }

    private static void LogClientLeft(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GraphQLHttpEndpoint))
            .LogInformation("The client closed the connection before the GraphQL response ({Method} {Path})", http.Request.Method, http.Request.Path);

    private static async Task HandlePostAsync(HttpContext http, GraphQLRequestExecutor executor, IOptions<GraphQLLimitsOptions> limits)
    {
        if (ResponseType(http.Request) is not { } responseType)
        {
            await WriteNotAcceptableAsync(http);
            return;
        }
        var contentType = http.Request.ContentType;
        if (contentType is null || !MediaTypeHeaderValue.TryParse(contentType, out var media) ||
            !(media.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) || media.MediaType.Equals("application/graphql+json", StringComparison.OrdinalIgnoreCase)))
        {
            await WriteErrorAsync(http, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                "Send the request as Content-Type: application/json.");
            return;
        }

        var maxBytes = await RequestBody.LimitAsync(http, limits.Value);
        var body = await RequestBody.ReadAsync(http.Request, maxBytes, http.RequestAborted);
        if (body is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.RequestTooLarge,
                $"The request body is larger than {maxBytes} bytes.");
            return;
        }
        GraphQLRequest? request;
        try
        {
            request = executor.Serializer.Deserialize<GraphQLRequest>(body);
        }
        catch (Exception e) when (IsMalformedJson(e))
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The body is not a GraphQL request in JSON.");
            return;
        }
        if (request is null)
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The body is not a GraphQL request in JSON.");
            return;
        }
        await ExecuteAsync(http, executor, request, responseType, allowMutations: true);
    }

    private static async Task HandleGetAsync(HttpContext http, GraphQLRequestExecutor executor)
    {
        if (GraphQLIde.WantsPage(http.Request))
        {
            await GraphQLIde.WritePageAsync(http);
            return;
        }
        if (ResponseType(http.Request) is not { } responseType)
        {
            await WriteNotAcceptableAsync(http);
            return;
        }
        var query = http.Request.Query;
        GraphQLRequest request;
        try
        {
            request = new GraphQLRequest
            {
                Query = query["query"].FirstOrDefault(),
                OperationName = query["operationName"].FirstOrDefault() is { Length: > 0 } name ? name : null,
                Variables = query["variables"].FirstOrDefault() is { Length: > 0 } variables ? executor.Serializer.Deserialize<Inputs>(variables) : null,
                Extensions = query["extensions"].FirstOrDefault() is { Length: > 0 } extensions ? executor.Serializer.Deserialize<Inputs>(extensions) : null,
            };
        }
        catch (Exception e) when (IsMalformedJson(e))
        {
            await WriteErrorAsync(http, StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "variables and extensions must be JSON objects.");
            return;
        }
        await ExecuteAsync(http, executor, request, responseType, allowMutations: false);
    }

    private static async Task ExecuteAsync(HttpContext http, GraphQLRequestExecutor executor, GraphQLRequest request, string responseType, bool allowMutations)
    {
        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (authentication.Failure is not null)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await WriteErrorAsync(http, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthenticated,
                "The bearer token is invalid or expired.");
            return;
        }
        if (authentication.Succeeded) http.User = authentication.Principal;

        var outcome = await executor.ExecuteAsync(request, http, mutationsAllowed: allowMutations, http.RequestAborted);
        if (outcome.ClientDisconnected)
        {
            LogClientLeft(http);
            return;
        }
        // The specification's legacy rule: a well-formed request answered in application/json reports its GraphQL
        // errors (parse, validation, variables) with 200, since older clients read errors only from a 200 body.
        http.Response.StatusCode = responseType == Json && outcome.StatusCode == StatusCodes.Status400BadRequest
            ? StatusCodes.Status200OK
            : outcome.StatusCode;
        if (outcome.StatusCode == StatusCodes.Status405MethodNotAllowed) http.Response.Headers.Allow = "POST";
        http.Response.ContentType = $"{responseType}; charset=utf-8";
        http.Response.Headers.CacheControl = !allowMutations && outcome.Cacheable && !http.Request.Headers.ContainsKey(HeaderNames.Authorization)
            ? "public, max-age=60"
            : "no-store";
        http.Response.Headers.Vary = "Accept, Authorization";
        await executor.Serializer.WriteAsync(http.Response.Body, outcome.Result, http.RequestAborted);
    }

    /// <summary>
    /// The media type to answer in, or null when the client accepts neither. application/graphql-response+json only
    /// for a client that names it; no Accept, */* and application/json get application/json, as the specification
    /// asks for clients that predate it.
    /// </summary>
    public static string? ResponseType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept is null || accept.Count == 0) return Json;
        foreach (var media in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            if (media.Quality == 0) continue;
            var type = media.MediaType.Value;
            if (type is null) continue;
            if (type.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
                return GraphQLResponseJson;
            if (type.Equals(Json, StringComparison.OrdinalIgnoreCase) || type == "*/*" || type == "application/*")
                return Json;
        }
        return null;
    }

    private static bool IsMalformedJson(Exception e) =>
        e is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException;

    private static Task WriteNotAcceptableAsync(HttpContext http) =>
        WriteErrorAsync(http, StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable, $"Accept {GraphQLResponseJson} or {Json}.");

    /// <summary>The last line of defence: an exception outside execution still answers in GraphQL's shape, without details.</summary>
    public static Task WriteInternalErrorAsync(HttpContext http) =>
        WriteErrorAsync(http, StatusCodes.Status500InternalServerError, ErrorCodes.Internal,
            $"Internal server error (trace id {System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier}).");

    private static async Task WriteErrorAsync(HttpContext http, int status, string code, string message, string? allow = null)
    {
        http.Response.StatusCode = status;
        if (allow is not null) http.Response.Headers.Allow = allow;
        http.Response.ContentType = $"{ResponseType(http.Request) ?? GraphQLResponseJson}; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        var executor = http.RequestServices.GetRequiredService<GraphQLRequestExecutor>();
        await executor.Serializer.WriteAsync(http.Response.Body, executor.Failure(code, message), http.RequestAborted);
    }

    /// <summary>The operation the request will run, to refuse mutations over GET before executing.</summary>
    internal static OperationType? OperationTypeOf(GraphQLDocument document, string? operationName)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        var operation = operationName is null
            ? operations.Count == 1 ? operations[0] : null
            : operations.FirstOrDefault(o => o.Name?.StringValue == operationName);
        return operation?.Operation;
    }
}
