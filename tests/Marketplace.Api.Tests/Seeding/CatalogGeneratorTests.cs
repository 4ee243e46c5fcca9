using Marketplace.Api.Catalog;
using Marketplace.Api.Seeding;

namespace Marketplace.Api.Tests.Seeding;

public sealed class CatalogGeneratorTests : IDisposable
{
    private static readonly string[] Files = [SeedFiles.Manifest, SeedFiles.Sellers, SeedFiles.Categories, SeedFiles.Products];
    private readonly string root = Path.Combine(Path.GetTempPath(), "marketplace-seed-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private string Dir(string name) => Path.Combine(root, name);

    [Fact]
    public async Task Same_seed_and_sizes_write_byte_identical_files()
    {
        await new CatalogGenerator(7).WriteAsync(Dir("a"), products: 300, sellers: 12);
        await new CatalogGenerator(7).WriteAsync(Dir("b"), products: 300, sellers: 12);

        foreach (var file in Files)
        {
            var first = await File.ReadAllBytesAsync(Path.Combine(Dir("a"), file));
            var second = await File.ReadAllBytesAsync(Path.Combine(Dir("b"), file));
            Assert.True(first.AsSpan().SequenceEqual(second), $"{file} differs between runs");
        }
    }

    [Fact]
    public async Task Families_are_deterministic_and_the_manifest_counts_their_variants_and_offers()
    {
        var manifest = await new CatalogGenerator(7) { Families = true }.WriteAsync(Dir("a"), products: 300, sellers: 12);
        await new CatalogGenerator(7) { Families = true }.WriteAsync(Dir("b"), products: 300, sellers: 12);

        foreach (var file in Files)
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(Dir("a"), file)), await File.ReadAllBytesAsync(Path.Combine(Dir("b"), file)));
        var catalog = await SeedCatalog.LoadAsync(Dir("a"));
        Assert.Equal(300, catalog.Products.Count);
        Assert.Equal(catalog.Products.Sum(p => p.Variants?.Count ?? 1), manifest.Variants);
        Assert.Equal(catalog.Products.Sum(p => p.Variants?.Sum(v => v.Offers?.Count ?? 0) ?? p.Offers?.Count ?? 0), manifest.Offers);
        Assert.True(manifest.Variants > 2 * manifest.Products, $"{manifest.Variants} variants for {manifest.Products} products");
    }

    [Fact]
    public async Task Families_have_sizes_and_colors_as_options_and_every_variant_its_own_GTIN()
    {
        await new CatalogGenerator(3) { Families = true }.WriteAsync(Dir("a"), products: 1_000, sellers: 20);
        var catalog = await SeedCatalog.LoadAsync(Dir("a"));
        var families = catalog.Products.Where(p => p.Variants is not null).ToList();

        // Sizes and colors moved from the attributes to the options; gender and material stay on the product.
        Assert.All(families, p => Assert.DoesNotContain(p.Attributes ?? [], a =>
            (p.Options!.Any(o => o.Name == "Size") && a.Name == "size") || (p.Options!.Any(o => o.Name == "Color") && a.Name == "color")));
        var apparel = families.Where(p => p.Options!.Select(o => o.Name).SequenceEqual(["Size", "Color"])).ToList();
        Assert.NotEmpty(apparel);
        Assert.All(apparel, p => Assert.InRange(p.Options![0].Values.Count, 3, 6));
        Assert.All(apparel, p => Assert.InRange(p.Options![1].Values.Count, 1, 3));
        Assert.Contains(apparel, p => p.Attributes!.Any(a => a.Name == "gender"));
        Assert.Contains(families, p => p.Options!.Select(o => o.Name).SequenceEqual(["Size"]));
        Assert.Contains(families, p => p.Options!.Any(o => o.Name == "Storage"));
        Assert.Contains(catalog.Products, p => p.Variants is null && catalog.LeafSlugs().Contains(p.Category));

        // Every combination once, each with a valid GTIN no other variant has.
        Assert.All(families, p => Assert.Equal(p.Options!.Aggregate(1, (n, o) => n * o.Values.Count), p.Variants!.Select(v => string.Join("/", v.Options!.Select(o => o.Value))).Distinct().Count()));
        var gtins = catalog.Products.SelectMany(p => p.Variants?.Select(v => v.Gtin) ?? [p.Gtin]).ToList();
        Assert.All(gtins, g => Assert.NotNull(Gtin.Normalize(g)));
        Assert.Equal(gtins.Count, gtins.Distinct().Count());

        // Sellers offer subsets: some variants have several sellers, some none, and some offers have no stock.
        var variants = families.SelectMany(p => p.Variants!).ToList();
        Assert.Contains(variants, v => v.Offers!.Select(o => o.Seller).Distinct().Count() >= 2);
        Assert.Contains(variants, v => v.Offers!.Count == 0);
        Assert.Contains(variants, v => v.Offers!.Any(o => o.Stock == 0));
        var offers = variants.SelectMany(v => v.Offers!).ToList();
        Assert.Equal(offers.Count, offers.Select(o => (o.Seller, o.Sku)).Distinct().Count());
    }

    [Fact]
    public async Task One_generator_writes_the_same_files_twice()
    {
        var generator = new CatalogGenerator(11);
        await generator.WriteAsync(Dir("a"), products: 50, sellers: 10);
        await generator.WriteAsync(Dir("b"), products: 50, sellers: 10);

        Assert.Equal(
            await File.ReadAllBytesAsync(Path.Combine(Dir("a"), SeedFiles.Products)),
            await File.ReadAllBytesAsync(Path.Combine(Dir("b"), SeedFiles.Products)));
    }

    [Fact]
    public async Task A_different_seed_writes_a_different_catalog()
    {
        await new CatalogGenerator(1).WriteAsync(Dir("a"), products: 50, sellers: 10);
        await new CatalogGenerator(2).WriteAsync(Dir("b"), products: 50, sellers: 10);

        Assert.NotEqual(
            await File.ReadAllTextAsync(Path.Combine(Dir("a"), SeedFiles.Products)),
            await File.ReadAllTextAsync(Path.Combine(Dir("b"), SeedFiles.Products)));
    }

    [Fact]
    public async Task Writes_the_requested_counts_and_a_manifest_that_matches_the_files()
    {
        var progress = new RecordingProgress();
        var returned = await new CatalogGenerator(5) { Name = "test" }.WriteAsync(Dir("a"), products: 400, sellers: 25, progress);

        var catalog = await SeedCatalog.LoadAsync(Dir("a"));
        Assert.Equal(returned, catalog.Manifest);
        Assert.Equal(new SeedManifest("test", "USD", 25, catalog.Categories.Count, 400, catalog.OfferCount, 5), returned);
        Assert.Empty(catalog.Problems());
        Assert.True(catalog.Categories.Count >= 40, $"{catalog.Categories.Count} categories");
        Assert.Equal(400, progress.Values[^1]);
    }

    [Fact]
    public async Task Sellers_are_mostly_active_with_a_few_pending_and_one_suspended()
    {
        await new CatalogGenerator(3).WriteAsync(Dir("a"), products: 100, sellers: 60);

        var sellers = (await SeedCatalog.LoadAsync(Dir("a"))).Sellers;
        Assert.Single(sellers, s => s.Status == "SUSPENDED");
        Assert.Contains(sellers, s => s.Status == "PENDING");
        Assert.True(sellers.Count(s => s.Status == "ACTIVE") >= 55);
        Assert.Equal("ACTIVE", sellers[0].Status);
    }

    [Fact]
    public async Task About_a_third_of_products_have_several_sellers()
    {
        await new CatalogGenerator(9).WriteAsync(Dir("a"), products: 1_000, sellers: 20);

        var products = (await SeedCatalog.LoadAsync(Dir("a"))).Products;
        var shared = products.Count(p => p.Offers!.Count >= 2);
        Assert.InRange(shared, 250, 450);
    }

    [Fact]
    public async Task A_single_seller_gets_one_offer_per_product()
    {
        await new CatalogGenerator().WriteAsync(Dir("a"), products: 40, sellers: 1);

        var catalog = await SeedCatalog.LoadAsync(Dir("a"));
        Assert.Empty(catalog.Problems());
        Assert.All(catalog.Products, p => Assert.Single(p.Offers!));
        Assert.Equal("ACTIVE", Assert.Single(catalog.Sellers).Status);
    }

    [Fact]
    public async Task Cancellation_stops_the_generator()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new CatalogGenerator().WriteAsync(Dir("a"), products: 10, sellers: 2, ct: cts.Token));
    }

    [Theory]
    [InlineData("4006381333931", true)]
    [InlineData("4006381333932", false)]
    [InlineData("400638133393", false)]
    public void Ean13_check_digits_are_verified(string gtin, bool valid) =>
        Assert.Equal(valid, Gtin.Normalize(gtin) is not null);

    [Fact]
    public void Ean13_completes_twelve_digits_with_the_check_digit() =>
        Assert.Equal("4006381333931", Gtin.Ean13(400638133393));

    private sealed class RecordingProgress : IProgress<int>
    {
        public List<int> Values { get; } = [];

        public void Report(int value) => Values.Add(value);
    }
}
