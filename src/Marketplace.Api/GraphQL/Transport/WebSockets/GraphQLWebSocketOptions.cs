using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.GraphQL.Transport.WebSockets;

public sealed class GraphQLWebSocketOptions
{
    public const string Section = "GraphQL:WebSockets";

    /// <summary>A socket that has not sent connection_init by then is closed with 4408.</summary>
    [Range(0.01, 3_600)] public double ConnectionInitTimeoutSeconds { get; set; } = 10;

    /// <summary>Operations (subscriptions and queries in flight) one socket may run at once; more are answered with an error.</summary>
    [Range(1, 10_000)] public int MaxOperations { get; set; } = 100;

    /// <summary>How often the server pings an acknowledged client, so idle proxies keep the connection; 0 turns it off.</summary>
    [Range(0, 3_600)] public double KeepAliveSeconds { get; set; } = 15;

    /// <summary>Messages waiting to be written to a slow client before the socket is closed rather than buffer without bound.</summary>
    [Range(1, 100_000)] public int SendQueue { get; set; } = 1_000;
}
