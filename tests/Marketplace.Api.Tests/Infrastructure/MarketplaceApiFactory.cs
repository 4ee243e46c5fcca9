using System.Net.Http.Headers;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// The real API in-process over real HTTP: its own data directory holding a real SQLite database
/// with the demo marketplace (copied from a template seeded once per test run) and its own signing key.
/// </summary>
public class MarketplaceApiFactory : WebApplicationFactory<Program>
{
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? templateDirectory;

    public MarketplaceApiFactory()
    {
        DataDirectory = Directory.CreateTempSubdirectory("marketplace-test-").FullName;
        var template = EnsureTemplateAsync().GetAwaiter().GetResult();
        foreach (var file in Directory.GetFiles(template))
            File.Copy(file, Path.Combine(DataDirectory, Path.GetFileName(file)));
    }

    public string DataDirectory { get; }

    public SqlCommandCounter SqlCommands { get; } = new();

    public StallingDatabase Database { get; } = new();

    public CapturedLogs Logs { get; } = new();

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataDirectory", DataDirectory);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services
            .AddSingleton<IInterceptor>(SqlCommands)
            .AddSingleton<IInterceptor>(Database));
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    public HttpClient CreateClient(string token)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public string IssueToken(string subject, string[] roles, long? sellerId = null, TimeSpan? lifetime = null) =>
        Services.GetRequiredService<TokenIssuer>().Issue(subject, roles, sellerId, lifetime);

    public string BuyerToken(string subject = "buyer-1") => IssueToken(subject, [Roles.Buyer]);

    public string AdminToken() => IssueToken("admin-1", [Roles.Admin]);

    public async Task<string> SellerTokenAsync(string handle) => IssueToken(handle, [Roles.Seller], await SellerIdAsync(handle));

    public async Task<long> SellerIdAsync(string handle)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        return await db.Sellers.Where(s => s.Handle == handle).Select(s => s.Id).SingleAsync();
    }

    public async Task<T> QueryDbAsync<T>(Func<MarketplaceDb, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<MarketplaceDb>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Migrates and seeds the demo marketplace once per test run; each factory copies the result.</summary>
    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (templateDirectory is not null) return templateDirectory;
            var directory = Directory.CreateTempSubdirectory("marketplace-template-").FullName;
            var builder = MarketplaceHost.CreateBuilder(["--DataDirectory", directory, "--environment", "Testing"]);
            await using (var app = builder.Build())
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
                var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }
            SqliteConnection.ClearAllPools();
            foreach (var sidecar in Directory.GetFiles(directory, "*-wal").Concat(Directory.GetFiles(directory, "*-shm")))
                File.Delete(sidecar);
            templateDirectory = directory;
            return directory;
        }
        finally
        {
            TemplateGate.Release();
        }
    }
}
