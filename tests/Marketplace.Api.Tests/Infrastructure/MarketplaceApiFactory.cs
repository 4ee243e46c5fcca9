using System.Net.Http.Headers;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// The real API in-process over real HTTP: its own data directory, its own signing key and its own database
/// holding the demo marketplace (see <see cref="TestDatabase"/>): SQLite by default, PostgreSQL through
/// <see cref="PostgresMarketplaceApiFactory"/>.
/// </summary>
public class MarketplaceApiFactory : WebApplicationFactory<Program>
{
    private readonly TestDatabase? ownDatabase;
    private readonly IReadOnlyDictionary<string, string?> databaseSettings = new Dictionary<string, string?>();

    public MarketplaceApiFactory() : this(TestDatabaseKind.Sqlite) { }

    protected MarketplaceApiFactory(TestDatabaseKind kind)
    {
        Kind = kind;
        DataDirectory = Directory.CreateTempSubdirectory("marketplace-test-").FullName;
        SkipReason = kind == TestDatabaseKind.Postgres ? PostgresServer.SkipReason : null;
        if (SkipReason is not null) return;
        ownDatabase = TestDatabase.Create(kind, DataDirectory);
        databaseSettings = ownDatabase.Settings;
    }

    /// <summary>Another API instance over a database that someone else owns (several instances, one database).</summary>
    protected MarketplaceApiFactory(TestDatabase shared)
    {
        Kind = shared is PostgresTestDatabase ? TestDatabaseKind.Postgres : TestDatabaseKind.Sqlite;
        DataDirectory = Directory.CreateTempSubdirectory("marketplace-test-").FullName;
        databaseSettings = shared.Settings;
    }

    /// <summary>The next API process over the data (database and search index) of one that has stopped: a restart.</summary>
    protected MarketplaceApiFactory(MarketplaceApiFactory stopped)
    {
        Kind = stopped.Kind;
        DataDirectory = stopped.DataDirectory;
        databaseSettings = stopped.databaseSettings;
        restartOf = stopped;
    }

    private readonly MarketplaceApiFactory? restartOf;

    public TestDatabaseKind Kind { get; }

    /// <summary>Why this database cannot run here; tests call <c>Skip.If</c> with it.</summary>
    public string? SkipReason { get; }

    public string DataDirectory { get; }

    public SqlCommandCounter SqlCommands { get; } = new();

    public StallingDatabase Database { get; } = new();

    public CapturedLogs Logs { get; } = new();

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DataDirectory", DataDirectory);
        foreach (var (key, value) in databaseSettings) builder.UseSetting(key, value);
        // Nobody is held out of personalization unless a test says so: rankings must not depend on a visitor id's hash.
        builder.UseSetting("Personalization:HoldoutPercent", "0");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services
            .AddHttpContextAccessor()
            .AddSingleton<IInterceptor>(sp => SqlCommands.ForRequestsOf(sp.GetRequiredService<IHttpContextAccessor>()))
            .AddSingleton<IInterceptor>(sp => Database.ForRequestsOf(sp.GetRequiredService<IHttpContextAccessor>())));
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

    /// <summary>Keeps the data when this instance stops, for a restart to find (the restart's disposal removes it).</summary>
    public bool KeepDataOnDispose { get; set; }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepDataOnDispose) return;
        ownDatabase?.Dispose();
        restartOf?.DisposeData();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }

    private void DisposeData()
    {
        ownDatabase?.Dispose();
    }
}

/// <summary>The same API over a real PostgreSQL database of its own (see <see cref="PostgresServer"/>).</summary>
public class PostgresMarketplaceApiFactory() : MarketplaceApiFactory(TestDatabaseKind.Postgres);
