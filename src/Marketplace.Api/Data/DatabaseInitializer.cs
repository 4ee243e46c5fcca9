using Marketplace.Api.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Data;

/// <summary>Start-up: apply migrations, then load the demo marketplace into an empty database.</summary>
public sealed class DatabaseInitializer(MarketplaceDb db, SeedLoader seeds, StartupLock startupLock, IOptions<DatabaseOptions> options, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct)
    {
        if (!options.Value.MigrateOnStartup && !options.Value.SeedDemoData) return;
        await using var held = await startupLock.AcquireAsync(db, ct);
        if (options.Value.MigrateOnStartup)
            await db.Database.MigrateAsync(ct);
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
        logger.LogInformation("Loaded {Sellers} sellers, {Categories} categories, {Products} products and {Offers} offers in {Seconds:0.0} s",
            result.Sellers, result.Categories, result.Products, result.Offers, result.Elapsed.TotalSeconds);
    }

    /// <summary>The seed/demo copied beside the binaries, else the repository's when run from a checkout.</summary>
    private string? DemoSeedDirectory()
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
public sealed class DatabaseInitializationService(IServiceProvider services, IOptions<DatabaseOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
        }
        catch (Exception e) when (DatabaseUnavailableException.IsConnectionFailure(e))
        {
            var server = scope.ServiceProvider.GetRequiredService<MarketplaceDb>().Database.GetDbConnection().DataSource;
            throw new DatabaseUnavailableException(options.Value, server, e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
