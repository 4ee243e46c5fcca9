using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;

namespace Marketplace.Api.Benchmarks.Harness;

/// <summary>The API in this process on a loopback port: the real host, Kestrel and database, no test server.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ApiServer(WebApplication app, Uri address) => (this.app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<ApiServer> StartAsync(string dataDirectory, CancellationToken ct, params string[] settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        string[] args =
        [
            "--DataDirectory", dataDirectory,
            "--urls", address.ToString().TrimEnd('/'),
            "--Logging:LogLevel:Default=Warning",
            "--Database:SeedDemoData=false",
            .. settings,
        ];
        var app = MarketplaceHost.CreateBuilder(args).Build().MapMarketplace();
        await app.StartAsync(ct);
        return new ApiServer(app, address);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
