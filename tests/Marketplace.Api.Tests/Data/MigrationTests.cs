using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.Data;

public sealed class MigrationTests
{
    private static SqliteMarketplaceDb Sqlite() =>
        new(new DbContextOptionsBuilder<SqliteMarketplaceDb>().UseSqlite("Data Source=:memory:").Options);

    // No server is contacted: the model and the script are built offline.
    private static SqlServerMarketplaceDb SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerMarketplaceDb>().UseSqlServer("Server=unused;Database=Marketplace;Trusted_Connection=True").Options);

    private static PostgresMarketplaceDb Postgres(string connectionString = "Host=unused;Database=marketplace") =>
        new(new DbContextOptionsBuilder<PostgresMarketplaceDb>().UseNpgsql(connectionString).Options);

    [Fact]
    public void The_sqlite_migrations_match_the_model()
    {
        using var db = Sqlite();
        Assert.False(db.Database.HasPendingModelChanges(),
            "Add a migration: cd src/Marketplace.Api && dotnet ef migrations add <Name> --context SqliteMarketplaceDb --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void The_sql_server_migrations_match_the_model()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges(),
            "Add a migration: cd src/Marketplace.Api && dotnet ef migrations add <Name> --context SqlServerMarketplaceDb --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public void The_postgres_migrations_match_the_model()
    {
        using var db = Postgres();
        Assert.False(db.Database.HasPendingModelChanges(),
            "Add a migration: cd src/Marketplace.Api && dotnet ef migrations add <Name> --context PostgresMarketplaceDb --output-dir Data/Migrations/Postgres");
    }

    [Fact]
    public void Each_provider_has_its_own_migrations()
    {
        using var sqlite = Sqlite();
        using var sqlServer = SqlServer();
        using var postgres = Postgres();

        List<string>[] migrations = [.. new DbContext[] { sqlite, sqlServer, postgres }.Select(db => db.Database.GetMigrations().ToList())];
        Assert.All(migrations, Assert.NotEmpty);
        Assert.Equal(migrations.Sum(m => m.Count), migrations.SelectMany(m => m).Distinct().Count());
    }

    [Fact]
    public void The_sql_server_script_matches_its_snapshot()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Offers]", script);
        Assert.Contains("[Version] int NOT NULL", script);
        Snapshooter.Xunit.Snapshot.Match(script.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_sqlite_migrations_apply_to_an_empty_database()
    {
        var path = Path.Combine(Path.GetTempPath(), $"migrate-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = new SqliteMarketplaceDb(new DbContextOptionsBuilder<SqliteMarketplaceDb>().UseSqlite($"Data Source={path};Pooling=False").Options))
            {
                await db.Database.MigrateAsync();
                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(0, await db.Products.CountAsync());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public async Task The_postgres_migrations_apply_to_an_empty_database()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        using var database = await PostgresTestDatabase.CreateEmptyAsync();
        await using (var db = Postgres(database.ConnectionString))
        {
            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Products.CountAsync());
        }
    }
}
