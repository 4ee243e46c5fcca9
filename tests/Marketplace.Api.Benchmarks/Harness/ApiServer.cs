using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Benchmarks.Harness;

/// <summary>The API in this process on a loopback port: the real host, Kestrel and database, no test server.</summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ApiServer(WebApplication app, Uri address) => (this.app, Address) = (app, address);

    public Uri Address { get; }

    /// <summary>The host's services, for a benchmark to set up data and issue tokens without going through the API.</summary>
    public IServiceProvider Services => app.Services;

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

    /// <summary>A token of the first active seller (signed with the server's own key) and a leaf category to list in.</summary>
    public async Task<(string Token, string CategorySlug)> SellerAsync(CancellationToken ct)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Marketplace.Api.Data.MarketplaceDb>();
        var seller = await db.Sellers.Where(s => s.Status == Marketplace.Api.Sellers.SellerStatus.Active).OrderBy(s => s.Id).FirstAsync(ct);
        var category = await db.Categories.Where(c => !db.Categories.Any(child => child.ParentId == c.Id)).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync(ct);
        var token = app.Services.GetRequiredService<Marketplace.Api.Infrastructure.Auth.TokenIssuer>()
            .Issue(seller.Handle, [Marketplace.Api.Infrastructure.Auth.Roles.Seller], seller.Id);
        return (token, category);
    }

    /// <summary>Waits until the search indexer has taken every queued catalog change (a seed load's, for one).</summary>
    public async Task SearchCaughtUpAsync(CancellationToken ct)
    {
        while (true)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Marketplace.Api.Data.MarketplaceDb>();
            if (!await db.OutboxMessages.AnyAsync(m => m.Topic == Marketplace.Api.Catalog.CatalogChanges.Topic && m.DeadAt == null, ct)) return;
            await Task.Delay(100, ct);
        }
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
