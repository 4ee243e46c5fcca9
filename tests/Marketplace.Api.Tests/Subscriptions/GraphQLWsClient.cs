using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Subscriptions;

/// <summary>A graphql-transport-ws client over the test host's WebSocket: just enough protocol to drive the server.</summary>
public sealed class GraphQLWsClient(WebSocket socket, MarketplaceApiFactory api) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public WebSocket Socket => socket;

    public static async Task<GraphQLWsClient> ConnectAsync(MarketplaceApiFactory api, string? subProtocol = "graphql-transport-ws")
    {
        var client = api.Server.CreateWebSocketClient();
        if (subProtocol is not null) client.SubProtocols.Add(subProtocol);
        var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql"), CancellationToken.None);
        return new GraphQLWsClient(socket, api);
    }

    /// <summary>Connects, sends connection_init with the token (if any) and waits for connection_ack.</summary>
    public static async Task<GraphQLWsClient> ConnectAndInitAsync(MarketplaceApiFactory api, string? token = null)
    {
        var client = await ConnectAsync(api);
        await client.SendAsync(new { type = "connection_init", payload = token is null ? null : new { Authorization = $"Bearer {token}" } });
        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
        return client;
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public Task SubscribeAsync(string id, string query, object? variables = null) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>The next message, skipping the server's keep-alive pings; fails on a close.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        while (true)
        {
            var text = await ReceiveTextAsync() ?? throw new Xunit.Sdk.XunitException($"The server closed the socket: {socket.CloseStatus} {socket.CloseStatusDescription}");
            var message = JsonNode.Parse(text)!.AsObject();
            if (message["type"]?.GetValue<string>() != "ping") return message;
        }
    }

    /// <summary>Waits for the server's close frame (skipping messages) and returns its code.</summary>
    public async Task<int> ReceiveCloseAsync()
    {
        while (await ReceiveTextAsync() is not null) { }
        return (int)socket.CloseStatus!.Value;
    }

    private async Task<string?> ReceiveTextAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return null;
            }
            message.Write(buffer, 0, received.Count);
            if (received.EndOfMessage) return Encoding.UTF8.GetString(message.ToArray());
        }
    }

    /// <summary>Waits until the server has attached this many listeners to its hub, so events raised from now on reach them.</summary>
    public static async Task WaitForListenersAsync(MarketplaceApiFactory api, int count)
    {
        await api.Services.GetRequiredService<SubscriptionEventTail>().Reading.WaitAsync(Patience);
        var hub = api.Services.GetRequiredService<SubscriptionHub>();
        using var timeout = new CancellationTokenSource(Patience);
        while (hub.ListenerCount < count) await Task.Delay(10, timeout.Token);
    }

    /// <summary>Raises an event as a feature does: in a transaction of its own change, committed.</summary>
    public static async Task PublishAsync(MarketplaceApiFactory api, string name, long sellerId, object data)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await SubscriptionEvents.PublishAsync(db, name, sellerId.ToString(System.Globalization.CultureInfo.InvariantCulture), data, DateTime.UtcNow, CancellationToken.None);
        await transaction.CommitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException) { }
        }
        socket.Dispose();
        _ = api;
    }
}
