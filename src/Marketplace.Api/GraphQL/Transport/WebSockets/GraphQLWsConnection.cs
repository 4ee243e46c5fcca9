using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using GraphQL;
using GraphQL.Execution;
using GraphQL.Transport;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Marketplace.Api.GraphQL.Transport.WebSockets;

/// <summary>
/// One client socket speaking graphql-transport-ws. Reads on one loop and writes on another, so resolvers and event
/// streams only queue messages and a slow client never blocks them. Each operation runs in a service scope of its
/// own (its DbContext), through the same <see cref="GraphQLRequestExecutor"/> as HTTP: persisted queries, document
/// limits, cost and time budgets apply alike.
/// </summary>
public sealed class GraphQLWsConnection(
    WebSocket socket,
    HttpContext http,
    GraphQLRequestExecutor executor,
    GraphQLWebSocketOptions options,
    GraphQLLimitsOptions limits,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<GraphQLWsConnection> logger)
{
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, Operation> operations = new();
    private readonly Channel<Outgoing> outgoing = Channel.CreateBounded<Outgoing>(
        new BoundedChannelOptions(options.SendQueue) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
    private readonly Lock gate = new();
    private bool initReceived;
    private volatile bool acknowledged;
    private bool closing;
    private long maxMessageBytes = limits.MaxRequestBytes;
    private ITimer? tokenExpiry;

    private sealed record Outgoing(string? Text, int CloseCode = 0, string? Reason = null);

    private sealed class Operation(string id)
    {
        public string Id => id;
        public CancellationTokenSource Cancellation { get; } = new();
        public AsyncServiceScope? Scope { get; set; }
        public IDisposable? Stream { get; set; }
        public int Ended;
    }

    public async Task RunAsync()
    {
        var sender = SendLoopAsync();
        using var initTimeout = new Timer(_ =>
        {
            lock (gate)
                if (initReceived) return;
            Close(GraphQLWs.ConnectionInitTimeout, "Connection initialisation timeout");
        }, null, TimeSpan.FromSeconds(options.ConnectionInitTimeoutSeconds), Timeout.InfiniteTimeSpan);
        using var keepAlive = options.KeepAliveSeconds > 0
            ? new Timer(_ => { if (acknowledged) Send(new OperationMessage { Type = GraphQLWs.Ping }); }, null,
                TimeSpan.FromSeconds(options.KeepAliveSeconds), TimeSpan.FromSeconds(options.KeepAliveSeconds))
            : null;
        using var stopping = lifetime.ApplicationStopping.Register(ShutDown);
        try
        {
            await ReceiveLoopAsync();
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "GraphQL WebSocket failed");
            Close(GraphQLWs.InternalServerError, "Internal server error");
        }
        finally
        {
            // Timers and the shutdown callback may still fire; from here they queue nothing.
            lock (gate) closing = true;
            foreach (var operation in operations.Values) End(operation);
            outgoing.Writer.TryComplete();
            closed.CancelAfter(CloseGrace);
            await sender;
            tokenExpiry?.Dispose();
            closed.Dispose();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var chunk = new byte[16 * 1024];
        using var message = new MemoryStream();
        var tooBig = false;
        while (socket.State == WebSocketState.Open || socket.State == WebSocketState.CloseSent)
        {
            var received = await socket.ReceiveAsync(chunk, closed.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                Close((int)WebSocketCloseStatus.NormalClosure, null);
                return;
            }
            if (tooBig || message.Length + received.Count > maxMessageBytes)
            {
                // Read the rest and drop it, so that the client's send completes and it hears the close.
                tooBig = !received.EndOfMessage;
                message.SetLength(0);
                Close((int)WebSocketCloseStatus.MessageTooBig, $"Messages are limited to {maxMessageBytes} bytes");
                continue;
            }
            message.Write(chunk, 0, received.Count);
            if (!received.EndOfMessage) continue;
            var text = received.MessageType == WebSocketMessageType.Text
                ? Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)
                : null;
            message.SetLength(0);
            lock (gate)
                if (closing) continue;
            if (text is null)
            {
                Close(GraphQLWs.BadRequest, "Binary messages are not part of the protocol");
                continue;
            }
            await HandleAsync(text);
        }
    }

    private async Task HandleAsync(string text)
    {
        OperationMessage? message;
        try
        {
            message = executor.Serializer.Deserialize<OperationMessage>(text);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            message = null;
        }
        if (message?.Type is not { } type)
        {
            Close(GraphQLWs.BadRequest, "Invalid message received");
            return;
        }
        switch (type)
        {
            case GraphQLWs.ConnectionInit:
                await InitAsync(message.Payload);
                break;
            case GraphQLWs.Ping:
                Send(new OperationMessage { Type = GraphQLWs.Pong });
                break;
            case GraphQLWs.Pong:
                break;
            case GraphQLWs.Subscribe:
                Subscribe(message);
                break;
            case GraphQLWs.Complete:
                if (string.IsNullOrEmpty(message.Id))
                    Close(GraphQLWs.BadRequest, "complete needs an id");
                else if (operations.TryGetValue(message.Id, out var operation))
                    End(operation);
                break;
            default:
                Close(GraphQLWs.BadRequest, $"Unexpected message of type {Truncate(type)}");
                break;
        }
    }

    private async Task InitAsync(object? payload)
    {
        lock (gate)
        {
            if (initReceived)
            {
                Close(GraphQLWs.TooManyInitRequests, "Too many initialisation requests");
                return;
            }
            initReceived = true;
        }
        if (!TryReadToken(payload, out var token))
        {
            Close(GraphQLWs.BadRequest, "connection_init's payload must be an object; its token a string");
            return;
        }
        if (token is not null)
        {
            var authentication = await AuthenticateAsync(token);
            if (!authentication.Succeeded)
            {
                Close(GraphQLWs.Forbidden, "Forbidden");
                return;
            }
            http.User = authentication.Principal;
            // The token was checked once; a socket outliving it is closed, and the client reconnects with a fresh one.
            if (ExpiresAt(authentication) is { } expires)
            {
                var left = expires - time.GetUtcNow();
                tokenExpiry = time.CreateTimer(_ => Close(GraphQLWs.Forbidden, "The token has expired"), null,
                    left > TimeSpan.Zero ? left : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
            if (new Viewer(http.User).MayImportInBulk)
                maxMessageBytes = Math.Max(limits.MaxRequestBytes, limits.MaxAuthenticatedRequestBytes);
        }
        acknowledged = true;
        Send(new OperationMessage { Type = GraphQLWs.ConnectionAck });
    }

    /// <summary>The token from <c>{"Authorization": "Bearer ..."}</c> or <c>{"token": "..."}</c>; null when there is none (anonymous).</summary>
    private static bool TryReadToken(object? payload, out string? token)
    {
        token = null;
        if (payload is null) return true;
        if (payload is not JsonElement { ValueKind: JsonValueKind.Object or JsonValueKind.Null } element) return false;
        if (element.ValueKind == JsonValueKind.Null) return true;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            if (property.NameEquals("token") || property.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            {
                if (property.Value.ValueKind != JsonValueKind.String) return false;
                var value = property.Value.GetString()!.Trim();
                if (property.NameEquals("token"))
                    token = value;
                else
                    token = value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value["Bearer ".Length..].Trim() : value;
            }
        }
        return true;
    }

    private static DateTimeOffset? ExpiresAt(AuthenticateResult authentication) =>
        authentication.Properties?.ExpiresUtc
        ?? (long.TryParse(authentication.Principal?.FindFirst("exp")?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null);

    /// <summary>Runs the JWT bearer handler of HTTP on the token: a fresh request in a fresh scope, as handlers cache their result per request.</summary>
    private async Task<AuthenticateResult> AuthenticateAsync(string token)
    {
        if (token.Length == 0) return AuthenticateResult.Fail("The bearer token is empty.");
        await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = $"{JwtBearerDefaults.AuthenticationScheme} {token}";
        var result = await probe.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        return result.Succeeded ? result : AuthenticateResult.Fail(result.Failure ?? new InvalidOperationException("No token."));
    }

    private void Subscribe(OperationMessage message)
    {
        if (!acknowledged)
        {
            Close(GraphQLWs.Unauthorized, "Unauthorized");
            return;
        }
        if (string.IsNullOrEmpty(message.Id))
        {
            Close(GraphQLWs.BadRequest, "subscribe needs an id");
            return;
        }
        GraphQLRequest? request;
        try
        {
            request = message.Payload is JsonElement { ValueKind: JsonValueKind.Object } ? executor.Serializer.ReadNode<GraphQLRequest>(message.Payload) : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or NotSupportedException)
        {
            request = null;
        }
        if (request is null)
        {
            Close(GraphQLWs.BadRequest, "subscribe's payload must be a GraphQL request");
            return;
        }
        var operation = new Operation(message.Id);
        if (!operations.TryAdd(message.Id, operation))
        {
            Close(GraphQLWs.SubscriberAlreadyExists, $"Subscriber for {Truncate(message.Id)} already exists");
            return;
        }
        if (operations.Count > options.MaxOperations)
        {
            operations.TryRemove(message.Id, out _);
            SendErrors(message.Id, [new ExecutionError($"A socket runs at most {options.MaxOperations} operations at once; complete one first.")
                { Code = ErrorCodes.BadRequest }]);
            return;
        }
        _ = RunAsync(operation, request);
    }

    private async Task RunAsync(Operation operation, GraphQLRequest request)
    {
        var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        try
        {
            var caller = new GraphQLCaller(scope.ServiceProvider, http.User, MutationsAllowed: true, SubscriptionsAllowed: true);
            var outcome = await executor.ExecuteAsync(request, caller, operation.Cancellation.Token);
            if (operation.Ended != 0 || outcome.ClientDisconnected) return;
            var result = outcome.Result;
            if (result.Streams is { Count: > 0 } streams)
            {
                var stream = streams.Values.First().Subscribe(new StreamObserver(this, operation));
                lock (operation)
                {
                    // From here the stream and its scope live until the operation ends (Release).
                    if (operation.Ended == 0)
                    {
                        operation.Stream = stream;
                        operation.Scope = scope;
                        return;
                    }
                }
                stream.Dispose();
                return;
            }
            // A subscription that could not start (validation, or its resolver refused) answers with error, not next.
            if (!result.Executed || outcome.IsSubscription)
            {
                SendErrors(operation.Id, result.Errors ?? []);
                Forget(operation);
                return;
            }
            Send(new OperationMessage { Id = operation.Id, Type = GraphQLWs.Next, Payload = result });
            Finish(operation);
        }
        catch (Exception e) when (operation.Ended == 0)
        {
            logger.LogError(e, "GraphQL WebSocket operation failed");
            SendErrors(operation.Id, [new ExecutionError("Internal server error.") { Code = ErrorCodes.Internal }]);
            Forget(operation);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            if (operation.Scope is null) await scope.DisposeAsync();
        }
    }

    /// <summary>The server ends the operation: complete to the client, then release it.</summary>
    private void Finish(Operation operation)
    {
        if (Interlocked.Exchange(ref operation.Ended, 1) != 0) return;
        Send(new OperationMessage { Id = operation.Id, Type = GraphQLWs.Complete });
        Release(operation);
    }

    /// <summary>The operation ended with an error message already sent, which ends it for the client too.</summary>
    private void Forget(Operation operation)
    {
        if (Interlocked.Exchange(ref operation.Ended, 1) != 0) return;
        Release(operation);
    }

    /// <summary>The client completed the operation (or went away): stop it without a message.</summary>
    private void End(Operation operation)
    {
        if (Interlocked.Exchange(ref operation.Ended, 1) != 0) return;
        Release(operation);
    }

    private void Release(Operation operation)
    {
        operations.TryRemove(new KeyValuePair<string, Operation>(operation.Id, operation));
        operation.Cancellation.Cancel();
        IDisposable? stream;
        AsyncServiceScope? scope;
        lock (operation)
        {
            stream = operation.Stream;
            scope = operation.Scope;
        }
        stream?.Dispose();
        if (scope is { } owned) _ = owned.DisposeAsync().AsTask();
    }

    /// <summary>The host is stopping: every stream is completed, then the socket closed as going away.</summary>
    private void ShutDown()
    {
        foreach (var operation in operations.Values) Finish(operation);
        Close((int)WebSocketCloseStatus.EndpointUnavailable, "Server shutting down");
    }

    private void SendErrors(string id, IEnumerable<ExecutionError> errors)
    {
        var payload = new ExecutionErrors();
        payload.AddRange(errors);
        Send(new OperationMessage { Id = id, Type = GraphQLWs.Error, Payload = payload });
    }

    private void Send(OperationMessage message)
    {
        lock (gate)
            if (closing) return;
        if (!outgoing.Writer.TryWrite(new Outgoing(executor.Serializer.Serialize(message))))
            Close(GraphQLWs.InternalServerError, "The client does not read its messages");
    }

    /// <summary>Queues the close after what is already queued; later messages are dropped.</summary>
    private void Close(int code, string? reason)
    {
        lock (gate)
        {
            if (closing) return;
            closing = true;
        }
        // The queue may be full (the client does not read): then the close goes out as an abort.
        if (!outgoing.Writer.TryWrite(new Outgoing(null, code, reason)))
        {
            try
            {
                closed.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        outgoing.Writer.TryComplete();
    }

    private async Task SendLoopAsync()
    {
        try
        {
            await foreach (var message in outgoing.Reader.ReadAllAsync(closed.Token))
            {
                if (message.Text is { } text)
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, closed.Token);
                    continue;
                }
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync((WebSocketCloseStatus)message.CloseCode, message.Reason, closed.Token);
                // The client answers the close; if it does not within the grace, the receive loop is cut off.
                closed.CancelAfter(CloseGrace);
                return;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private static string Truncate(string value) => value.Length > 64 ? value[..64] + "…" : value;

    private sealed class StreamObserver(GraphQLWsConnection connection, Operation operation) : IObserver<ExecutionResult>
    {
        public void OnNext(ExecutionResult value)
        {
            if (operation.Ended == 0) connection.Send(new OperationMessage { Id = operation.Id, Type = GraphQLWs.Next, Payload = value });
        }

        public void OnError(Exception error)
        {
            if (operation.Ended != 0) return;
            connection.SendErrors(operation.Id, [error as ExecutionError ?? new ExecutionError("The event stream failed.") { Code = ErrorCodes.Internal }]);
            connection.Forget(operation);
        }

        public void OnCompleted() => connection.Finish(operation);
    }
}
