using Marketplace.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Data;

public static class DataRegistration
{
    public const string ConnectionStringName = "Marketplace";

    public static IServiceCollection AddMarketplaceData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DataDirectory>();

        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<MarketplaceDb, SqlServerMarketplaceDb>((sp, db) => db
                    .UseSqlServer(ServerConnectionString(configuration, options), sql => sql
                        .CommandTimeout(options.CommandTimeoutSeconds)
                        .EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), null))
                    .AddInterceptors(sp.GetServices<IInterceptor>())
                    .ConfigureWarnings(QuietExpectedFailures));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<MarketplaceDb, PostgresMarketplaceDb>((sp, db) => db
                    .UseNpgsql(ServerConnectionString(configuration, options), npgsql => npgsql
                        .CommandTimeout(options.CommandTimeoutSeconds)
                        .EnableRetryOnFailure(options.MaxRetryCount, TimeSpan.FromSeconds(options.MaxRetryDelaySeconds), null))
                    .AddInterceptors(sp.GetServices<IInterceptor>())
                    .ConfigureWarnings(QuietExpectedFailures));
                break;
            default:
                services.AddDbContextPool<MarketplaceDb, SqliteMarketplaceDb>((sp, db) => db
                    .UseSqlite(SqliteConnectionString(sp.GetRequiredService<DataDirectory>()),
                        sqlite => sqlite.CommandTimeout(options.CommandTimeoutSeconds))
                    .AddInterceptors([new SqlitePragmas(), .. sp.GetServices<IInterceptor>(), new SqliteAutocommitWrites()])
                    .ConfigureWarnings(QuietExpectedFailures));
                break;
        }
        services.AddSingleton<StartupLock>();
        services.AddScoped<DatabaseInitializer>();
        services.AddHostedService<DatabaseInitializationService>();
        services.AddScoped<Seeding.SeedLoader>();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    // EF logs a failed save or command at error level with its stack. Services log the conflicts they expect
    // in one information line, and anything else reaches the GraphQL error handler, which logs it once.
    private static void QuietExpectedFailures(WarningsConfigurationBuilder warnings) => warnings.Ignore(
        CoreEventId.SaveChangesFailed, CoreEventId.OptimisticConcurrencyException, RelationalEventId.CommandError);

    public static string SqliteConnectionString(DataDirectory directory) =>
        $"Data Source={directory.File("marketplace.db")};Cache=Private;Pooling=True";

    private static string ServerConnectionString(IConfiguration configuration, DatabaseOptions options) =>
        configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } connectionString
            ? connectionString
            : throw new InvalidOperationException(
                $"Database:Provider is {options.Provider} but ConnectionStrings:{ConnectionStringName} is not set.");
}
