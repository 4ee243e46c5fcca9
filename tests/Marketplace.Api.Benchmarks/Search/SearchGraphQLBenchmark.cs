using System.Diagnostics;
using System.Text.Json;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Search;

public sealed record SearchGraphQLSettings(int Iterations, int Warmup, int FreshnessSamples);

/// <summary>
/// Search as a storefront uses it: the API on a loopback port over a loaded catalog, the index rebuilt from its
/// database (the index build rate end to end), then a mix of searches with facets and typeahead one request at a
/// time, and how long a new listing takes to become searchable through the outbox.
/// </summary>
public static class SearchGraphQLBenchmark
{
    private const string Search = """
        query($q: String, $filter: SearchFilter, $sort: SearchSort) {
          search(query: $q, filter: $filter, sort: $sort, first: 20) {
            totalCount didYouMean
            edges { node { score product { id title lowestPrice { amount } } } }
            facets { name values { value label count } } } }
        """;

    private const string Suggest = "query($p: String!) { searchSuggestions(prefix: $p, first: 8) { text kind } }";

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string dataDirectory, SearchGraphQLSettings settings, CancellationToken ct)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory));
        var build = await RebuildAsync(dataDirectory, name, ct);
        await using var server = await ApiServer.StartAsync(dataDirectory, ct);
        using var client = new GraphQLHttpClient(server.Address);

        var profile = await ProfileAsync(client, ct);
        var cases = Cases(profile);
        var random = new Random(2026);
        var timings = cases.ToDictionary(c => c.Name, _ => new List<double>());
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var warm = progress.AddTask($"{name}: warm-up", maxValue: settings.Warmup);
                for (var i = 0; i < settings.Warmup; i++, warm.Increment(1))
                {
                    var @case = cases[i % cases.Count];
                    GraphQLHttpClient.Data((await client.PostAsync(@case.Bodies[random.Next(@case.Bodies.Count)], ct)).Body);
                }
                var measure = progress.AddTask($"{name}: {settings.Iterations:N0} requests per case", maxValue: settings.Iterations * cases.Count);
                for (var i = 0; i < settings.Iterations; i++)
                {
                    foreach (var @case in cases.OrderBy(_ => random.Next()))
                    {
                        var (_, ms) = await client.PostAsync(@case.Bodies[i % @case.Bodies.Count], ct);
                        timings[@case.Name].Add(ms);
                        measure.Increment(1);
                    }
                }
            });

        var products = profile.Products;
        var target = products <= 100_000 ? 20 : products <= 1_000_000 ? 40 : (int?)null;
        var rows = new List<ResultRow> { build };
        foreach (var @case in cases)
        {
            var latency = Latency.Of(timings[@case.Name]);
            rows.Add(new ResultRow("search over GraphQL", $"{name}: {@case.Name}", latency, @case.Detail,
                target is null ? "" : $"p95 <= {target} ms", target is null ? null : latency.P95 <= target));
        }
        rows.Add(await FreshnessAsync(server, client, name, settings.FreshnessSamples, ct));
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        rows.Add(new ResultRow("search over GraphQL", $"{name}: memory", null,
            $"working set {process.WorkingSet64 / 1_048_576:N0} MB (API, index and benchmark client in one process), managed heap {GC.GetTotalMemory(false) / 1_048_576:N0} MB"));
        return rows;
    }

    private sealed record Case(string Name, IReadOnlyList<byte[]> Bodies, string Detail);

    private sealed record CatalogProfile(int Products, string Brand, string Size, string Category, string[] Words);

    private static List<Case> Cases(CatalogProfile p)
    {
        byte[] Body(object variables) => GraphQLHttpClient.Body(Search, variables);
        return
        [
            new("one word", p.Words.Select(w => Body(new { q = w })).ToList(), string.Join(", ", p.Words.Take(4)) + ", ..."),
            new("two words, one typo", new[] { "wemen shrots", "mens jakcet", "runing shoes", "blak sneakers", "wireless headphons", "leather bagg" }
                .Select(q => Body(new { q })).ToList(), "wemen shrots, mens jakcet, ..."),
            new("filtered", [Body(new { q = "shorts", filter = new { brands = new[] { p.Brand }, attributes = new[] { new { name = "size", values = new[] { p.Size } } }, inStockOnly = true } }),
                Body(new { q = "shorts", filter = new { attributes = new[] { new { name = "size", values = new[] { p.Size } }, new { name = "gender", values = new[] { "women" } } }, inStockOnly = true, price = new { max = 60m } } })],
                $"shorts + brand {p.Brand} + size {p.Size} + in stock"),
            new("facet-heavy broad", new[] { "black", "men", "women", "cotton" }.Select(q => Body(new { q })).ToList(), "black, men, women, cotton: all facets"),
            new("browse sorted by price", [Body(new { filter = new { categorySlugs = new[] { p.Category }, price = new { min = 20m, max = 200m } }, sort = "PRICE_ASC" }),
                Body(new { filter = new { categorySlugs = new[] { p.Category }, inStockOnly = true }, sort = "PRICE_DESC" })],
                $"no words, category {p.Category}, price range"),
            new("suggestions", new[] { "sh", "sho", "run", "bla", "wom", "lap", "sne", "jac" }.Select(prefix => GraphQLHttpClient.Body(Suggest, new { p = prefix })).ToList(), "typeahead prefixes of 2-3 letters"),
        ];
    }

    /// <summary>Brands, sizes and a category that exist in this catalog, read from a broad search's facets.</summary>
    private static async Task<CatalogProfile> ProfileAsync(GraphQLHttpClient client, CancellationToken ct)
    {
        var data = GraphQLHttpClient.Data((await client.PostAsync(GraphQLHttpClient.Body(Search, new { q = "shorts" }), ct)).Body).GetProperty("search");
        string Top(string facet) => data.GetProperty("facets").EnumerateArray()
            .First(f => f.GetProperty("name").GetString() == facet).GetProperty("values")[0].GetProperty("value").GetString()!;
        var all = GraphQLHttpClient.Data((await client.PostAsync(GraphQLHttpClient.Body(Search, new { }), ct)).Body).GetProperty("search");
        var category = all.GetProperty("facets").EnumerateArray().First(f => f.GetProperty("name").GetString() == "category")
            .GetProperty("values")[0].GetProperty("value").GetString()!;
        return new(all.GetProperty("totalCount").GetInt32(), Top("brand"), Top("size"), category,
            ["shorts", "jacket", "laptop", "sneakers", "dress", "headphones", "sofa", "watch", "tee", "backpack"]);
    }

    /// <summary>Rebuilds the index from the database as `search reindex` does, before the server starts (its hosted services do not run here).</summary>
    private static async Task<ResultRow> RebuildAsync(string dataDirectory, string name, CancellationToken ct)
    {
        await using var app = MarketplaceHost.CreateBuilder(["--DataDirectory", dataDirectory, "--Logging:LogLevel:Default=Warning"]).Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        var rebuilder = scope.ServiceProvider.GetRequiredService<SearchIndexRebuilder>();
        var total = await rebuilder.CountAsync(ct);
        SearchIndexRebuilder.Result? result = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{name}: index {total:N0} products from the database", maxValue: total);
                result = await rebuilder.RebuildAsync(new Progress<int>(done => task.Value = done), ct);
            });
        var rate = result!.Products / result.Elapsed.TotalSeconds;
        return new ResultRow("search index build", name, null,
            $"{result.Products:N0} products in {result.Elapsed.TotalSeconds:0.0} s: {rate:N0} products/s (database read, documents, Lucene, commit)",
            "build >= 10,000 products/s", rate >= 10_000);
    }

    /// <summary>From a createListing answer to the first search that finds the new product, polled every few milliseconds.</summary>
    private static async Task<ResultRow> FreshnessAsync(ApiServer server, GraphQLHttpClient client, string name, int samples, CancellationToken ct)
    {
        await server.SearchCaughtUpAsync(ct);
        var (sellerToken, category) = await server.SellerAsync(ct);
        using var seller = new GraphQLHttpClient(server.Address, sellerToken);
        var delays = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var word = $"fresh{Guid.NewGuid():N}"[..14];
            var create = GraphQLHttpClient.Body("mutation($input: ListingInput!) { createListing(input: $input) { listing { id } userErrors { code } } }",
                new { input = new { sku = word, price = 10m, stock = 1, publish = true, product = new { title = $"Benchmark {word}", categorySlug = category } } });
            GraphQLHttpClient.Data((await seller.PostAsync(create, ct)).Body);
            var started = Stopwatch.GetTimestamp();
            var probe = GraphQLHttpClient.Body("query($q: String) { search(query: $q, first: 1) { totalCount } }", new { q = word });
            while (GraphQLHttpClient.Data((await client.PostAsync(probe, ct)).Body).GetProperty("search").GetProperty("totalCount").GetInt32() == 0)
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30)) throw new TimeoutException("A new listing was not searchable within 30 s.");
                await Task.Delay(2, ct);
            }
            delays.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var latency = Latency.Of(delays);
        return new ResultRow("search freshness", $"{name}: listing to searchable", latency, "createListing answered → search finds it",
            "searchable within 1 s", latency.P95 <= 1_000);
    }
}
