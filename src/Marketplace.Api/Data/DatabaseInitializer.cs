using Marketplace.Api.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Data;

/// <summary>Start-up: apply migrations, then load the demo marketplace into an empty database.</summary>
public sealed class DatabaseInitializer(
    MarketplaceDb db, SeedLoader seeds, StartupLock startupLock, IOptions<DatabaseOptions> options, TimeProvider time, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (!options.Value.MigrateOnStartup && !options.Value.SeedDemoData) return;
        await WaitForServerAsync(ct);
        await using var held = await startupLock.AcquireAsync(db, ct);
        if (options.Value.MigrateOnStartup)
            await MigrateAsync(ct);
        if (!options.Value.SeedDemoData || await db.Sellers.AnyAsync(ct))
            return;
        var directory = DemoSeedDirectory();
        if (directory is null)
        {
            logger.LogWarning("The database is empty and no demo seed was found (looked for seed/demo); starting with an empty catalog.");
            return;
        }
        logger.LogInformation("Loading the demo marketplace from {Directory}", directory);
        var result = await seeds.LoadAsync(directory, ct: ct);
        logger.LogInformation("Loaded {Sellers} sellers, {Categories} categories, {Products} products, {Variants} variants and {Offers} offers in {Seconds:0.0} s",
            result.Sellers, result.Categories, result.Products, result.Variants, result.Offers, result.Elapsed.TotalSeconds);
    }

    /// <summary>Applies pending migrations; one may rewrite every row of a large catalog, so the request timeout is no measure for it.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        db.Database.SetCommandTimeout(TimeSpan.FromSeconds(options.Value.MigrationTimeoutSeconds));
        try
        {
            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            db.Database.SetCommandTimeout(options.Value.CommandTimeoutSeconds);
        }
    }

    /// <summary>
    /// A server that is still starting (as in a compose file) refuses connections for a while; EF's execution
    /// strategies do not count a refused connection as transient, so start-up retries it here.
    /// </summary>
    public async Task WaitForServerAsync(CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return; // embedded: there is no server to wait for
        var attempts = options.Value.MaxRetryCount + 1;
        // The provider's connection itself, not EF's: EF would retry each attempt again and log every failure at error level.
        var connection = db.Database.GetDbConnection();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.OpenAsync(ct);
                await connection.CloseAsync();
                return;
            }
            catch (Exception e) when (DatabaseUnavailableException.IsConnectionFailure(e))
            {
                var server = connection.DataSource;
                if (attempt == attempts) throw new DatabaseUnavailableException(options.Value.Provider, server, attempts, e);
                var delay = TimeSpan.FromSeconds(Math.Min(options.Value.MaxRetryDelaySeconds, Math.Pow(2, attempt - 1)));
                logger.LogWarning("Cannot connect to the database server {Server} (attempt {Attempt} of {Attempts}): {Reason} Retrying in {Delay:0.#} s.",
                    server, attempt, attempts, e.Message, delay.TotalSeconds);
                await Task.Delay(delay, time, ct);
            }
        }
    }

    /// <summary>The seed/demo copied beside the binaries, else the repository's when run from a checkout.</summary>
    internal string? DemoSeedDirectory()
    {
        if (options.Value.SeedDirectory is { Length: > 0 } configured) return Directory.Exists(configured) ? configured : null;
        var candidates = new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() };
        foreach (var start in candidates)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var seed = Path.Combine(dir.FullName, "seed", "demo");
                if (File.Exists(Path.Combine(seed, SeedFiles.Products))) return seed;
            }
        }
        return null;
    }
}

/// <summary>Runs the initializer before the server takes requests (hosted services start first).</summary>
public sealed class DatabaseInitializationService(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
