using System.Net.WebSockets;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL.Transport.WebSockets;

/// <summary>GraphQL over a WebSocket at /graphql with the graphql-transport-ws subprotocol: subscriptions, queries and mutations.</summary>
public static class GraphQLWebSocketEndpoint
{
    public static async Task AcceptAsync(HttpContext http)
    {
        var speaksProtocol = http.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLWs.SubProtocol);
        using var socket = await http.WebSockets.AcceptWebSocketAsync(speaksProtocol ? GraphQLWs.SubProtocol : null);
        if (!speaksProtocol)
        {
            await socket.CloseAsync((WebSocketCloseStatus)GraphQLWs.SubProtocolNotAcceptable, "Subprotocol not acceptable", http.RequestAborted);
            return;
        }
        var services = http.RequestServices;
        var connection = new GraphQLWsConnection(
            socket, http,
            services.GetRequiredService<GraphQLRequestExecutor>(),
            services.GetRequiredService<IOptions<GraphQLWebSocketOptions>>().Value,
            services.GetRequiredService<IOptions<Limits.GraphQLLimitsOptions>>().Value,
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<GraphQLWsConnection>());
        await connection.RunAsync();
    }
}
