using Marketplace.Api.Cli;
using Marketplace.Api.Seeding;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Cli;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The command line as a user runs it: real files, a real database in a data directory.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("marketplace-cli-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        work.Delete(recursive: true);
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            var exit = await MarketplaceCli.RunAsync(args);
            return (exit, output.ToString());
        }
        finally
        {
            Console.SetOut(original);
        }
    }

    [Fact]
    public async Task Seed_generate_then_load_fills_an_empty_database()
    {
        var seed = Path.Combine(work.FullName, "seed");
        var data = Path.Combine(work.FullName, "data");

        var generated = await RunAsync("seed", "generate", "--products", "300", "--sellers", "12", "--out", seed);
        var loaded = await RunAsync("seed", "load", seed, "--DataDirectory", data);
        var reloaded = await RunAsync("seed", "load", seed, "--DataDirectory", data);

        Assert.Equal(0, generated.Exit);
        Assert.Equal(0, loaded.Exit);
        Assert.True(loaded.Output.Contains("Loaded 12 sellers"), generated.Output + loaded.Output);
        Assert.Contains("300 products", loaded.Output);
        Assert.Contains("skipped 300 already loaded", reloaded.Output);
        var manifest = System.Text.Json.JsonSerializer.Deserialize<SeedManifest>(await File.ReadAllTextAsync(Path.Combine(seed, SeedFiles.Manifest)), SeedFiles.Json)!;
        await using var db = new Api.Data.SqliteMarketplaceDb(new DbContextOptionsBuilder<Api.Data.SqliteMarketplaceDb>()
            .UseSqlite($"Data Source={Path.Combine(data, "marketplace.db")};Pooling=False").Options);
        Assert.Equal(manifest.Products, await db.Products.CountAsync());
        Assert.Equal(manifest.Offers, await db.Offers.CountAsync());
        // Every product with an active offer of an active seller is listed, with that offer's price.
        var buyable = await db.Products.CountAsync(p => db.Offers.Any(o => o.ProductId == p.Id && o.Status == Api.Catalog.OfferStatus.Active
            && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == Api.Sellers.SellerStatus.Active)));
        Assert.Equal(buyable, await db.Products.CountAsync(p => p.MinPriceMinor != null));
        Assert.True(buyable > 0);
    }

    [Fact]
    public async Task Redirected_output_gets_progress_lines_for_each_step_that_end_at_100_percent()
    {
        var seed = Path.Combine(work.FullName, "seed");

        var generated = await RunAsync("seed", "generate", "--products", "500", "--sellers", "5", "--out", seed);
        var loaded = await RunAsync("seed", "load", seed, "--DataDirectory", Path.Combine(work.FullName, "data"));

        foreach (var (output, step) in new[] { (generated.Output, "Generating products"), (loaded.Output, "Loading products") })
        {
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.StartsWith(step)).ToArray();
            Assert.True(lines.Length >= 2, output);
            Assert.Equal($"{step}: 0%", lines[0]);
            Assert.Equal($"{step}: 100%", lines[^1]);
            Assert.Single(lines, l => l.EndsWith("100%"));
        }
    }

    [Fact]
    public async Task Token_prints_a_seller_token_the_api_accepts()
    {
        using var api = new ExistingDataApi();
        var handle = await api.QueryDbAsync(db => db.Sellers.OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());

        var (exit, output) = await RunAsync("token", "--role", "seller", "--seller", handle, "--DataDirectory", api.DataDirectory);
        using var client = api.CreateClient(output.Trim());
        var me = await client.PostGraphQLAsync("{ mySeller { handle } }");

        Assert.Equal(0, exit);
        Assert.Equal(handle, me.DataOrFail()["mySeller"]!["handle"]!.GetValue<string>());
    }

    [Fact]
    public async Task Token_refuses_an_unknown_role()
    {
        var (exit, _) = await RunAsync("token", "--role", "superuser", "--DataDirectory", Path.Combine(work.FullName, "data"));
        Assert.NotEqual(0, exit);
    }

    [Fact]
    public async Task Schema_export_writes_the_served_schema()
    {
        var file = Path.Combine(work.FullName, "schema.graphql");
        var (exit, _) = await RunAsync("schema", "export", "--out", file, "--DataDirectory", Path.Combine(work.FullName, "data"));

        Assert.Equal(0, exit);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "schema", "schema.graphql")), await File.ReadAllTextAsync(file));
    }

    private sealed class ExistingDataApi : MarketplaceApiFactory;

    [Fact]
    public async Task Search_reindex_rebuilds_the_index_from_the_database_with_progress_and_a_summary()
    {
        var seed = Path.Combine(work.FullName, "seed");
        var data = Path.Combine(work.FullName, "data");
        await RunAsync("seed", "generate", "--products", "300", "--sellers", "6", "--families", "--out", seed);
        await RunAsync("seed", "load", seed, "--DataDirectory", data);

        var reindexed = await RunAsync("search", "reindex", "--DataDirectory", data);

        Assert.Equal(0, reindexed.Exit);
        await using var db = new Api.Data.SqliteMarketplaceDb(new DbContextOptionsBuilder<Api.Data.SqliteMarketplaceDb>()
            .UseSqlite($"Data Source={Path.Combine(data, "marketplace.db")};Pooling=False").Options);
        var searchable = await db.Products.CountAsync(p => p.OfferCount > 0);
        Assert.Contains("Indexing products", reindexed.Output);
        Assert.Contains("100%", reindexed.Output);
        Assert.Contains($"Indexed {searchable:N0} products", reindexed.Output);
        using var engine = new Api.Search.Lucene.LuceneSearchEngine(Path.Combine(data, "search"),
            new Api.Search.PriceRanges([25, 50, 100], "USD"), new Api.Search.SearchSynonyms([]));
        Assert.Equal(searchable, (await engine.CheckHealthAsync(CancellationToken.None)).DocumentCount);
    }
}
