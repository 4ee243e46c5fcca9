using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Seeding;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Seeding;

/// <summary>A generated catalog loaded into an empty, freshly migrated database of each kind.</summary>
public sealed class SeedLoadTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("marketplace-seedload-");

    public void Dispose() => work.Delete(recursive: true);

    [Fact]
    public Task A_generated_catalog_loads_into_sqlite_and_a_second_load_skips_it() =>
        LoadTwiceAsync(new Dictionary<string, string?>());

    [SkippableFact]
    public async Task A_generated_catalog_loads_into_postgres_and_a_second_load_skips_it()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        using var database = await PostgresTestDatabase.CreateEmptyAsync();
        await LoadTwiceAsync(database.Settings);
    }

    private async Task LoadTwiceAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var seed = Path.Combine(work.FullName, "seed");
        var manifest = await new CatalogGenerator(7).WriteAsync(seed, products: 1_500, sellers: 20);
        string[] args = ["--DataDirectory", Path.Combine(work.FullName, "data"), "--environment", "Testing", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        await using var app = MarketplaceHost.CreateBuilder(args).Build();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        await db.Database.MigrateAsync();
        var loader = scope.ServiceProvider.GetRequiredService<SeedLoader>();

        var first = await loader.LoadAsync(seed);
        var second = await loader.LoadAsync(seed);

        Assert.Equal((manifest.Sellers, manifest.Products, manifest.Offers), (first.Sellers, first.Products, first.Offers));
        Assert.Equal((0, 0, manifest.Products), (second.Products, second.Offers, second.SkippedProducts));
        Assert.Equal(manifest.Products, await db.Products.CountAsync());
        Assert.Equal(manifest.Offers, await db.Offers.CountAsync());
        // The derived columns buyers filter on agree with the offers: every buyable product is listed at its cheapest
        // visible offer in stock, else its cheapest visible offer.
        var visible = db.Offers.Where(o => o.Status == OfferStatus.Active && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == SellerStatus.Active));
        var mismatched = await db.Products.CountAsync(p => p.MinPriceMinor != (
            visible.Where(o => o.ProductId == p.Id && o.Stock > 0).Min(o => (long?)o.PriceMinor) ?? visible.Where(o => o.ProductId == p.Id).Min(o => (long?)o.PriceMinor)));
        Assert.Equal(0, mismatched);
        Assert.True(await db.Products.CountAsync(p => p.MinPriceMinor != null) > manifest.Products / 2);
    }
}
