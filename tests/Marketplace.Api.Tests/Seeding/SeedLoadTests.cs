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

    private async Task LoadTwiceAsync(IReadOnlyDictionary<string, string?> settings, bool families = false)
    {
        var seed = Path.Combine(work.FullName, "seed");
        var manifest = await new CatalogGenerator(7) { Families = families }.WriteAsync(seed, products: 1_500, sellers: 20);
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
        Assert.Equal(manifest.Variants ?? manifest.Products, await db.ProductVariants.CountAsync());
        Assert.Equal(manifest.Variants ?? manifest.Products, first.Variants);
        // The derived columns buyers filter on agree with the offers: every buyable product is listed at its cheapest
        // visible offer in stock, else its cheapest visible offer.
        var visible = db.Offers.Where(o => o.Status == OfferStatus.Active && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == SellerStatus.Active));
        var mismatched = await db.Products.CountAsync(p => p.MinPriceMinor != (
            visible.Where(o => o.ProductId == p.Id && o.Stock > 0).Min(o => (long?)o.PriceMinor) ?? visible.Where(o => o.ProductId == p.Id).Min(o => (long?)o.PriceMinor)));
        Assert.Equal(0, mismatched);
        Assert.True(await db.Products.CountAsync(p => p.MinPriceMinor != null) > manifest.Products / 2);
        // The loader works the columns out in memory; ProductSummaries' UPDATE over the written offers agrees on each.
        var loaded = await SummariesAsync(db);
        await ProductSummaries.RefreshAsync(db, await db.Products.Select(p => p.Id).ToListAsync(), DateTime.UtcNow, CancellationToken.None);
        Assert.Equal(loaded, await SummariesAsync(db));
        Assert.True(await db.Offers.AnyAsync(o => o.Status == OfferStatus.Active && db.Sellers.Any(s => s.Id == o.SellerId && s.Status != SellerStatus.Active)),
            "The catalog should have active offers of sellers that are not active, which buyers do not see.");
    }

    private static async Task<List<string>> SummariesAsync(MarketplaceDb db) =>
    [
        .. (await db.Products.AsNoTracking().OrderBy(p => p.Id).Select(p => new { p.Id, p.MinPriceMinor, p.InStock, p.OfferCount }).ToListAsync())
            .Select(p => $"product {p.Id}: {p.MinPriceMinor} {p.InStock} {p.OfferCount}"),
        .. (await db.ProductVariants.AsNoTracking().OrderBy(v => v.Id).Select(v => new { v.Id, v.MinPriceMinor, v.InStock, v.OfferCount }).ToListAsync())
            .Select(v => $"variant {v.Id}: {v.MinPriceMinor} {v.InStock} {v.OfferCount}"),
    ];

    [Fact]
    public Task A_generated_catalog_of_families_loads_into_sqlite_and_a_second_load_skips_it() =>
        LoadTwiceAsync(new Dictionary<string, string?>(), families: true);

    [SkippableFact]
    public async Task A_generated_catalog_of_families_loads_into_postgres_and_a_second_load_skips_it()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        using var database = await PostgresTestDatabase.CreateEmptyAsync();
        await LoadTwiceAsync(database.Settings, families: true);
    }

    [Fact]
    public Task A_family_loads_with_its_options_variants_and_their_offers_into_sqlite() =>
        LoadFamilyAsync(new Dictionary<string, string?>());

    [SkippableFact]
    public async Task A_family_loads_with_its_options_variants_and_their_offers_into_postgres()
    {
        Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);
        using var database = await PostgresTestDatabase.CreateEmptyAsync();
        await LoadFamilyAsync(database.Settings);
    }

    [Fact]
    public async Task A_variant_with_a_value_its_option_does_not_have_stops_the_load_naming_the_product()
    {
        var seed = await WriteSeedAsync("""
            {"slug":"tee","title":"Tee","category":"tops","options":[{"name":"Size","values":["S","M"]}],"variants":[{"options":{"Size":"XL"}}]}
            """);
        await using var app = MarketplaceHost.CreateBuilder(["--DataDirectory", Path.Combine(work.FullName, "data"), "--environment", "Testing"]).Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MarketplaceDb>().Database.MigrateAsync();

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(seed));

        Assert.Contains("'tee'", error.Message);
        Assert.Contains("XL", error.Message);
    }

    private static readonly string ShortsS = Gtin.Ean13(200_000_000_011), ShortsM = Gtin.Ean13(200_000_000_012),
        ShortsL = Gtin.Ean13(200_000_000_013), Mug = Gtin.Ean13(200_000_000_014);

    private async Task LoadFamilyAsync(IReadOnlyDictionary<string, string?> settings)
    {
        // One family written with each form of a variant's options, and a product of one variant in today's shape.
        var seed = await WriteSeedAsync($$"""
            {"slug":"womens-running-shorts","title":"Women's Running Shorts","category":"tops","attributes":[{"name":"gender","value":"Women"}],"options":[{"name":"Size","values":["S","M","L"]},{"name":"Color","values":["Black","Navy"]}],"variants":[{"options":{"Size":"S","Color":"Black"},"gtin":"{{ShortsS}}","offers":[{"seller":"north","sku":"N-S","price":30,"stock":3}]},{"options":[{"name":"Color","value":"Black"},{"name":"Size","value":"M"}],"gtin":"{{ShortsM}}","offers":[{"seller":"north","sku":"N-M","price":31,"stock":2},{"seller":"south","sku":"S-M","price":29,"stock":5}]},{"options":{"Color":"Navy","Size":"L"},"gtin":"{{ShortsL}}","offers":[{"seller":"south","sku":"S-L","price":28,"stock":0}]}]}
            {"slug":"mug","title":"Mug","category":"tops","gtin":"{{Mug}}","offers":[{"seller":"north","sku":"N-MUG","price":12,"stock":4}]}
            """);
        string[] args = ["--DataDirectory", Path.Combine(work.FullName, "data"), "--environment", "Testing", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        await using var app = MarketplaceHost.CreateBuilder(args).Build();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        await db.Database.MigrateAsync();
        var loader = scope.ServiceProvider.GetRequiredService<SeedLoader>();

        var first = await loader.LoadAsync(seed);
        var second = await loader.LoadAsync(seed);

        Assert.Equal((2, 4, 5), (first.Products, first.Variants, first.Offers));
        Assert.Equal((0, 0, 0, 2), (second.Products, second.Variants, second.Offers, second.SkippedProducts));
        var shorts = await db.Products.AsNoTracking()
            .Include(p => p.Options).ThenInclude(o => o.Values)
            .Include(p => p.Variants).ThenInclude(v => v.SelectedOptions)
            .SingleAsync(p => p.Slug == "womens-running-shorts");
        Assert.Null(shorts.Gtin);
        Assert.Equal(["gender=Women"], (await db.Set<ProductAttribute>().Where(a => a.ProductId == shorts.Id).ToListAsync()).Select(a => $"{a.Name}={a.Value}"));
        Assert.Equal(
            ["Size: S, M, L", "Color: Black, Navy"],
            shorts.Options.OrderBy(o => o.Position).Select(o => $"{o.Name}: {string.Join(", ", o.Values.OrderBy(v => v.Position).Select(v => v.Value))}"));
        var variants = shorts.Variants.OrderBy(v => v.Position).ToList();
        Assert.Equal(["S / Black", "M / Black", "L / Navy"], variants.Select(v => v.Title));
        Assert.Equal([Gtin.Normalize(ShortsS), Gtin.Normalize(ShortsM), Gtin.Normalize(ShortsL)], variants.Select(v => v.Gtin));
        Assert.Equal(["Color=Black", "Size=M"], variants[1].SelectedOptions.OrderBy(o => o.Name).Select(o => $"{o.Name}={o.Value}"));
        // Each variant keeps its own offers, price and availability; the product's span them.
        var offers = await db.Offers.AsNoTracking().Where(o => o.ProductId == shorts.Id).ToListAsync();
        Assert.Equal(
            ["N-S", "N-M S-M", "S-L"],
            variants.Select(v => string.Join(" ", offers.Where(o => o.VariantId == v.Id).Select(o => o.Sku).Order())));
        Assert.Equal([(3000L, true, 1), (2900L, true, 2), (2800L, false, 1)], variants.Select(v => (v.MinPriceMinor ?? 0, v.InStock, v.OfferCount)));
        Assert.Equal((2900L, true, 4), (shorts.MinPriceMinor ?? 0, shorts.InStock, shorts.OfferCount));

        var mug = await db.Products.AsNoTracking().Include(p => p.Variants).ThenInclude(v => v.SelectedOptions).SingleAsync(p => p.Slug == "mug");
        var only = Assert.Single(mug.Variants);
        Assert.Equal((ProductVariant.DefaultTitle, Gtin.Normalize(Mug), Gtin.Normalize(Mug), 0), (only.Title, only.Gtin, mug.Gtin, only.SelectedOptions.Count));
        Assert.Equal(only.Id, (await db.Offers.SingleAsync(o => o.Sku == "N-MUG")).VariantId);
    }

    private async Task<string> WriteSeedAsync(string products)
    {
        var seed = Directory.CreateDirectory(Path.Combine(work.FullName, "family-seed")).FullName;
        await File.WriteAllTextAsync(Path.Combine(seed, SeedFiles.Sellers), """
            {"handle":"north","name":"North","status":"ACTIVE","commissionRate":0.1}
            {"handle":"south","name":"South","status":"ACTIVE","commissionRate":0.1}
            """);
        await File.WriteAllTextAsync(Path.Combine(seed, SeedFiles.Categories), """{"slug":"tops","name":"Tops"}""");
        await File.WriteAllTextAsync(Path.Combine(seed, SeedFiles.Products), products);
        return seed;
    }
}
