using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Marketplace.Api.Tests.Infrastructure;

public enum TestDatabaseKind { Sqlite, Postgres }

/// <summary>
/// A database of its own for one test host, holding the demo marketplace: copied from a template that is
/// migrated and seeded once per test run (a file copy on SQLite, CREATE DATABASE … TEMPLATE on PostgreSQL).
/// </summary>
public abstract class TestDatabase : IDisposable
{
    public abstract IReadOnlyDictionary<string, string?> Settings { get; }

    public abstract void Dispose();

    public static TestDatabase Create(TestDatabaseKind kind, string dataDirectory) => kind switch
    {
        TestDatabaseKind.Postgres => PostgresTestDatabase.Create(),
        _ => SqliteTestDatabase.Create(dataDirectory),
    };

    /// <summary>Runs every outbox topic's handler until nothing is queued, as the workers of a running API would.</summary>
    internal static async Task DrainOutboxAsync(IServiceProvider services)
    {
        foreach (var handler in services.GetServices<IOutboxHandler>())
        {
            var worker = ActivatorUtilities.CreateInstance<OutboxWorker>(services, handler);
            while (await worker.DrainOnceAsync(CancellationToken.None) > 0) { }
        }
    }

    /// <summary>Migrates and seeds the demo marketplace the way the API does at start-up.</summary>
    internal static async Task InitializeAsync(string dataDirectory, IReadOnlyDictionary<string, string?> settings, Func<IServiceProvider, Task>? after = null)
    {
        string[] args = ["--DataDirectory", dataDirectory, "--environment", "Testing", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        await using var app = MarketplaceHost.CreateBuilder(args).Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        if (after is not null) await after(scope.ServiceProvider);
    }
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    private SqliteTestDatabase() { }

    public override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>();

    public static SqliteTestDatabase Create(string dataDirectory)
    {
        var template = Template.Value.GetAwaiter().GetResult();
        foreach (var file in Directory.GetFiles(template, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(dataDirectory, Path.GetRelativePath(template, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        return new SqliteTestDatabase();
    }

    public override void Dispose() => SqliteConnection.ClearAllPools();

    private static async Task<string> CreateTemplateAsync()
    {
        var directory = Directory.CreateTempSubdirectory("marketplace-template-").FullName;
        await InitializeAsync(directory, new Dictionary<string, string?>(), async services =>
        {
            // The demo's search index is built once here and copied with the database, rather than by every test host.
            await DrainOutboxAsync(services);
            await services.GetRequiredService<MarketplaceDb>().Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        });
        SqliteConnection.ClearAllPools();
        foreach (var sidecar in Directory.GetFiles(directory, "*-wal").Concat(Directory.GetFiles(directory, "*-shm")).Concat(Directory.GetFiles(directory, "*-lock")))
            File.Delete(sidecar);
        return directory;
    }
}

public sealed class PostgresTestDatabase : TestDatabase
{
    private static readonly Lazy<Task<string>> Template = new(CreateTemplateAsync);

    private readonly string admin;
    private readonly string name;

    private PostgresTestDatabase(string admin, string name)
    {
        this.admin = admin;
        this.name = name;
        Settings = SettingsFor(PostgresServer.ConnectionString(admin, name));
    }

    public override IReadOnlyDictionary<string, string?> Settings { get; }

    public string ConnectionString => Settings["ConnectionStrings:Marketplace"]!;

    public static IReadOnlyDictionary<string, string?> SettingsFor(string connectionString) => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Marketplace"] = connectionString,
    };

    /// <summary>A copy of the seeded template.</summary>
    public static PostgresTestDatabase Create()
    {
        var template = Template.Value.GetAwaiter().GetResult();
        var admin = PostgresServer.AdminConnectionStringAsync().GetAwaiter().GetResult();
        var name = $"test_{Guid.NewGuid():N}";
        PostgresServer.ExecuteAsync(admin, $"CREATE DATABASE {name} TEMPLATE {template}").GetAwaiter().GetResult();
        return new PostgresTestDatabase(admin, name);
    }

    /// <summary>An empty database (no tables), for tests of start-up itself.</summary>
    public static async Task<PostgresTestDatabase> CreateEmptyAsync()
    {
        var admin = await PostgresServer.AdminConnectionStringAsync();
        var name = $"empty_{Guid.NewGuid():N}";
        await PostgresServer.ExecuteAsync(admin, $"CREATE DATABASE {name}");
        return new PostgresTestDatabase(admin, name);
    }

    public override void Dispose()
    {
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString));
        PostgresServer.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult();
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var admin = await PostgresServer.AdminConnectionStringAsync();
        var name = $"template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        await PostgresServer.ExecuteAsync(admin, $"CREATE DATABASE {name}");
        var connectionString = PostgresServer.ConnectionString(admin, name);
        await InitializeAsync(Directory.CreateTempSubdirectory("marketplace-template-pg-").FullName, SettingsFor(connectionString));
        NpgsqlConnection.ClearAllPools();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // Matters only on a configured server; a throwaway cluster may already be stopped.
            try { PostgresServer.ExecuteAsync(admin, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)").GetAwaiter().GetResult(); }
            catch (Exception) { }
        };
        return name;
    }
}
