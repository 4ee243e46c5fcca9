using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Seeding;

namespace Marketplace.Api.Tests.Seeding;

public sealed class DemoSeedFixture : IAsyncLifetime
{
    internal SeedCatalog Catalog { get; private set; } = null!;

    public async Task InitializeAsync() => Catalog = await SeedCatalog.LoadAsync(RepositoryPaths.DemoSeed);

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class DemoSeedTests(DemoSeedFixture demo) : IClassFixture<DemoSeedFixture>
{
    private SeedCatalog Catalog => demo.Catalog;

    [Fact]
    public void Demo_seed_is_consistent_with_its_manifest_and_the_model_limits() =>
        Assert.Empty(Catalog.Problems());

    [Fact]
    public void Demo_seed_has_a_dozen_sellers_with_one_suspended_and_one_pending()
    {
        Assert.True(Catalog.Sellers.Count >= 12, $"{Catalog.Sellers.Count} sellers");
        Assert.Single(Catalog.Sellers, s => s.Status == "SUSPENDED");
        Assert.Contains(Catalog.Sellers, s => s.Status == "PENDING");
        Assert.InRange(Catalog.Sellers.Count(s => s.Status != "ACTIVE"), 1, 2);
    }

    [Fact]
    public void Demo_seed_has_a_three_level_tree_covering_the_main_departments()
    {
        Assert.True(Catalog.Categories.Count >= 40, $"{Catalog.Categories.Count} categories");
        var tops = Catalog.Categories.Where(c => c.Parent is null).Select(c => c.Slug).ToHashSet();
        Assert.Superset(new HashSet<string> { "women", "men", "sports", "electronics", "home" }, tops);
        Assert.All(Catalog.LeafSlugs(), leaf => Assert.Equal(3, Catalog.Depth(leaf)));
    }

    [Fact]
    public void Demo_seed_has_600_products_2500_variants_and_150_variants_sold_by_several_sellers()
    {
        Assert.True(Catalog.Products.Count >= 600, $"{Catalog.Products.Count} products");
        Assert.All(Catalog.Products, p => Assert.NotEmpty(p.Attributes ?? []));
        Assert.True(Catalog.VariantCount >= 2_500, $"{Catalog.VariantCount} variants");
        var shared = Catalog.Products.SelectMany(SeedCatalog.VariantsOf).Count(v => v.Offers.Select(o => o.Seller).Distinct().Count() >= 2);
        Assert.True(shared >= 150, $"{shared} variants with two or more sellers");
        // Sellers offer subsets of a family: some variants nobody sells, some only without stock.
        var variants = Catalog.Products.SelectMany(SeedCatalog.VariantsOf).ToList();
        Assert.Contains(variants, v => v.Offers.Count == 0);
        Assert.Contains(variants, v => v.Offers.Count > 0 && v.Offers.All(o => o.Stock == 0));
    }

    [Fact]
    public void Demo_apparel_carries_gender_on_the_product_and_size_and_color_as_options()
    {
        var apparel = Catalog.Products.Where(p => Catalog.Department(p.Category) is "women" or "men").ToList();
        Assert.NotEmpty(apparel);
        Assert.All(apparel, p => Assert.Equal(Catalog.Department(p.Category), SeedCatalog.Attribute(p, "gender")));
        // A family's sizes and colors are its options, not attributes.
        Assert.All(Catalog.Products.Where(p => p.Variants is not null), p =>
        {
            if (p.Options!.Any(o => o.Name == "Size")) Assert.Null(SeedCatalog.Attribute(p, "size"));
            if (p.Options!.Any(o => o.Name == "Color")) Assert.Null(SeedCatalog.Attribute(p, "color"));
        });
        var clothing = apparel.Where(p => p.Category.EndsWith("-t-shirts", StringComparison.Ordinal) || p.Category.EndsWith("-shorts", StringComparison.Ordinal)).ToList();
        Assert.True(clothing.Count >= 20, $"{clothing.Count} tees and shorts");
        Assert.All(clothing, p =>
        {
            Assert.Equal(["Size", "Color"], (p.Options ?? []).Select(o => o.Name));
            Assert.InRange(p.Options![0].Values.Count, 3, 6);
            Assert.InRange(p.Options![1].Values.Count, 1, 3);
        });
        var sneakers = apparel.Where(p => p.Category.EndsWith("-sneakers", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sneakers);
        Assert.All(sneakers, p => Assert.Equal(["Size"], (p.Options ?? []).Select(o => o.Name)));
    }

    [Theory]
    [InlineData("women-shorts", "Women's", "women")]
    [InlineData("men-shorts", "Men's", "men")]
    public void Demo_shorts_say_who_they_are_for(string category, string prefix, string gender)
    {
        var shorts = Catalog.Products.Where(p => p.Category == category).ToList();
        Assert.True(shorts.Count >= 10, $"{shorts.Count} products in {category}");
        Assert.All(shorts, p =>
        {
            Assert.StartsWith(prefix + " ", p.Title);
            Assert.Contains("Shorts", p.Title);
            Assert.Equal(gender, SeedCatalog.Attribute(p, "gender"));
        });
    }

    [Theory]
    [InlineData("women-t-shirts")]
    [InlineData("women-shorts")]
    [InlineData("women-jeans")]
    [InlineData("women-dresses")]
    [InlineData("women-jackets")]
    [InlineData("women-sneakers")]
    [InlineData("men-t-shirts")]
    [InlineData("men-shorts")]
    [InlineData("men-jeans")]
    [InlineData("men-jackets")]
    [InlineData("men-sneakers")]
    public void Demo_apparel_categories_are_stocked(string category) =>
        Assert.Contains(Catalog.Products, p => p.Category == category);

    [Fact]
    public async Task The_committed_demo_is_what_the_generator_writes()
    {
        var manifest = Catalog.Manifest;
        var output = Directory.CreateTempSubdirectory("demo-regenerated-");
        try
        {
            await new CatalogGenerator(manifest.RandomSeed!.Value) { Name = manifest.Name, Families = manifest.Variants is not null }.WriteAsync(output.FullName, manifest.Products, manifest.Sellers);
            foreach (var file in new[] { SeedFiles.Manifest, SeedFiles.Sellers, SeedFiles.Categories, SeedFiles.Products })
            {
                Assert.True(File.ReadAllBytes(Path.Combine(output.FullName, file)).SequenceEqual(File.ReadAllBytes(Path.Combine(RepositoryPaths.DemoSeed, file))),
                    $"seed/demo/{file} differs from the generator's output. Regenerate: dotnet run --project src/Marketplace.Api -- seed generate " +
                    $"--products {manifest.Products} --sellers {manifest.Sellers} --seed {manifest.RandomSeed} --name {manifest.Name} --families --out seed/demo");
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
