using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Marketplace.Api.Tests.Data;

/// <summary>
/// The ProductVariants migration over a database written by the migrations before it: every product gets one default
/// variant, its offers move to it, and nothing is lost.
/// </summary>
public sealed class VariantUpgradeTests
{
    // Written in the schema of the migration before ProductVariants, in SQL both SQLite and PostgreSQL read.
    private const string CatalogBeforeVariants = """
        INSERT INTO "Sellers" ("Handle", "Name", "Status", "CommissionBps", "CreatedAt") VALUES
            ('north', 'North', 'Active', 1000, '2026-01-01 00:00:00'),
            ('south', 'South', 'Active', 1000, '2026-01-01 00:00:00');
        INSERT INTO "Categories" ("Slug", "Name", "Path", "Depth", "Position") VALUES ('shorts', 'Shorts', '1', 0, 0);
        INSERT INTO "Products" ("Slug", "Title", "CategoryId", "Gtin", "CreatedAt", "MinPriceMinor", "InStock", "OfferCount") VALUES
            ('running-shorts', 'Running Shorts', 1, '04006381333931', '2026-01-01 00:00:00', 1500, TRUE, 2),
            ('trail-shorts', 'Trail Shorts', 1, NULL, '2026-01-01 00:00:00', 2500, TRUE, 1),
            ('no-offers', 'No Offers', 1, NULL, '2026-01-01 00:00:00', NULL, FALSE, 0);
        INSERT INTO "Offers" ("ProductId", "SellerId", "Sku", "PriceMinor", "Currency", "Stock", "Condition", "Status", "Version", "CreatedAt", "UpdatedAt") VALUES
            (1, 1, 'N-1', 1500, 'USD', 0, 'New', 'Active', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
            (1, 2, 'S-1', 1900, 'USD', 4, 'New', 'Active', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
            (2, 2, 'S-2', 2500, 'USD', 1, 'New', 'Active', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00');
        """;

    [Fact]
    public async Task Sqlite_databases_upgrade_to_one_default_variant_per_product()
    {
        var path = Path.Combine(Path.GetTempPath(), $"upgrade-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = new SqliteMarketplaceDb(new DbContextOptionsBuilder<SqliteMarketplaceDb>().UseSqlite($"Data Source={path};Pooling=False").Options);
            await UpgradeAndCheckAsync(db);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public async Task Postgres_databases_upgrade_to_one_default_variant_per_product()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        using var database = await PostgresTestDatabase.CreateEmptyAsync();
        await using var db = new PostgresMarketplaceDb(new DbContextOptionsBuilder<PostgresMarketplaceDb>().UseNpgsql(database.ConnectionString).Options);
        await UpgradeAndCheckAsync(db);
    }

    private static async Task UpgradeAndCheckAsync(MarketplaceDb db)
    {
        var migrations = db.Database.GetMigrations().ToList();
        var variants = migrations.FindIndex(m => m.EndsWith("_ProductVariants", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[variants - 1]);
        await db.Database.ExecuteSqlRawAsync(CatalogBeforeVariants);

        await db.Database.MigrateAsync();

        var products = await db.Products.AsNoTracking().OrderBy(p => p.Id).ToListAsync();
        var all = await db.ProductVariants.AsNoTracking().OrderBy(v => v.ProductId).ToListAsync();
        var offers = await db.Offers.AsNoTracking().OrderBy(o => o.Id).ToListAsync();
        Assert.Equal(products.Select(p => p.Id), all.Select(v => v.ProductId));
        Assert.All(all, v => Assert.Equal((ProductVariant.DefaultTitle, 0), (v.Title, v.Position)));
        Assert.Equal(products.Select(p => p.Gtin), all.Select(v => v.Gtin));
        Assert.Equal(3, offers.Count);
        Assert.All(offers, o => Assert.Equal(all.Single(v => v.ProductId == o.ProductId).Id, o.VariantId));
        // The price follows the offer a buyer can take: 19.00 in stock, not 15.00 sold out.
        Assert.Equal([1900L, 2500L, null], products.Select(p => p.MinPriceMinor));
        Assert.Equal([1900L, 2500L, null], all.Select(v => v.MinPriceMinor));
        Assert.Equal([true, true, false], all.Select(v => v.InStock));
    }
}
