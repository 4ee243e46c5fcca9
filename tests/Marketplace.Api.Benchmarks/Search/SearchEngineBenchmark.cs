using System.Diagnostics;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Search;
using Marketplace.Api.Search.Lucene;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Search;

/// <param name="Diagnostics">Adds variants of the queries without highlights or facets, to see what those cost.</param>
public sealed record SearchEngineSettings(int Sellers, int Iterations, int Warmup, bool Diagnostics = false);

/// <summary>
/// The embedded engine in this process, without HTTP or GraphQL: builds an index of seed-generated products in a
/// temporary folder through a rebuild, then times a mix of searches and suggestions one at a time.
/// </summary>
public static class SearchEngineBenchmark
{
    private const int BatchSize = 5_000;
    private const double TargetBuildRate = 10_000;

    private sealed record Case(string Name, Func<LuceneSearchEngine, int, Task> Run);

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(int products, SearchEngineSettings settings, CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"marketplace-search-bench-{Guid.NewGuid():N}");
        try
        {
            using var engine = new LuceneSearchEngine(folder, new PriceRanges([25, 50, 100, 200, 500], "USD"), SearchSynonyms.Load("seed/synonyms.txt"));
            var (build, profile) = await BuildAsync(engine, products, settings.Sellers, ct);
            var rows = new List<ResultRow> { build };
            var target = products <= 100_000 ? 10 : products <= 1_000_000 ? 30 : (int?)null;
            var cases = Cases(profile, settings.Diagnostics).ToList();
            // Round-robin warm-up of every case first, so no case is timed on code the JIT has not optimised yet.
            for (var i = 0; i < settings.Warmup; i++)
                foreach (var @case in cases) await @case.Run(engine, i);
            foreach (var @case in cases)
            {
                var timings = await MeasureAsync(engine, @case, settings, ct);
                var latency = Latency.Of(timings);
                rows.Add(new ResultRow("search engine", $"{products:N0}: {@case.Name}", latency, "",
                    target is null ? "" : $"p95 <= {target} ms", target is null ? null : latency.P95 <= target));
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            using var process = Process.GetCurrentProcess();
            rows.Add(new ResultRow("search engine", $"{products:N0}: memory", null,
                $"working set {process.WorkingSet64 / 1_048_576:N0} MB, managed heap {GC.GetTotalMemory(false) / 1_048_576:N0} MB, " +
                $"segment arrays {engine.SegmentArrayBytes / 1_048_576:N0} MB, index on disk {DiskBytes(folder) / 1_048_576:N0} MB"));
            return rows;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>What the queries are made of, taken from the generated catalog so they hit real data.</summary>
    private sealed record CatalogProfile(string CommonWord, double CommonShare, string ShortsBrand, int BrowseCategory, string[] Prefixes);

    private static async Task<(ResultRow Row, CatalogProfile Profile)> BuildAsync(LuceneSearchEngine engine, int products, int sellers, CancellationToken ct)
    {
        var documents = new SeedDocuments(sellers);
        var wordCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var shortsBrands = new Dictionary<string, int>(StringComparer.Ordinal);
        var categoryCounts = new Dictionary<int, int>();
        var indexed = 0;
        var indexing = TimeSpan.Zero;
        var wall = Stopwatch.StartNew();
        await using (var rebuild = await engine.BeginRebuildAsync(ct))
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"index {products:N0} products", maxValue: products);
                    var batch = new List<ProductDocument>(BatchSize);
                    async Task FlushAsync()
                    {
                        var started = Stopwatch.GetTimestamp();
                        await rebuild.AddAsync(batch, ct);
                        indexing += Stopwatch.GetElapsedTime(started);
                        indexed += batch.Count;
                        task.Increment(batch.Count);
                        batch.Clear();
                    }
                    foreach (var document in documents.Generate(products))
                    {
                        Profile(document, wordCounts, shortsBrands, categoryCounts);
                        batch.Add(document);
                        if (batch.Count == BatchSize) await FlushAsync();
                    }
                    await FlushAsync();
                    task.Value = products;
                });
            var committing = Stopwatch.GetTimestamp();
            await rebuild.CommitAsync(ct);
            indexing += Stopwatch.GetElapsedTime(committing);
        }
        wall.Stop();

        var rate = indexed / indexing.TotalSeconds;
        var common = wordCounts.MaxBy(w => w.Value);
        var profile = new CatalogProfile(
            common.Key, common.Value / (double)indexed,
            shortsBrands.Count == 0 ? "none" : shortsBrands.MaxBy(b => b.Value).Key,
            categoryCounts.MaxBy(c => c.Value).Key,
            ["sh", "run", "wom", "den", "lapt", "c", "blu", "lin"]);
        AnsiConsole.MarkupLineInterpolated(
            $"Indexed {indexed:N0} products in {indexing.TotalSeconds:0.0} s of indexing ({wall.Elapsed.TotalSeconds:0.0} s with generation): [bold]{rate:N0} products/s[/]; broad word '{profile.CommonWord}' is in {profile.CommonShare:P0} of products");
        var row = new ResultRow("search engine", $"{products:N0}: build", null,
            $"{rate:N0} products/s ({indexed:N0} buyable products, {indexing.TotalSeconds:0.0} s indexing + commit and warm-up, {wall.Elapsed.TotalSeconds:0.0} s with generation)",
            $">= {TargetBuildRate:N0} products/s", rate >= TargetBuildRate);
        return (row, profile);
    }

    private static void Profile(ProductDocument document, Dictionary<string, int> words, Dictionary<string, int> shortsBrands, Dictionary<int, int> categories)
    {
        var title = document.Title.ToLowerInvariant();
        // The broad word may come from any searchable text: title, category names, attribute and option values.
        var text = string.Join(' ', [title, .. document.Categories.Select(c => c.Name), .. document.Attributes.Select(a => a.Value),
            .. document.OptionValues.Select(o => o.Value)]).ToLowerInvariant();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct())
            if (word.Length > 3 && word.All(char.IsLetter)) words[word] = words.GetValueOrDefault(word) + 1;
        if (title.Contains("shorts") && document.Brand is not null) shortsBrands[document.Brand] = shortsBrands.GetValueOrDefault(document.Brand) + 1;
        categories[document.Categories[0].Id] = categories.GetValueOrDefault(document.Categories[0].Id) + 1;
    }

    private static IEnumerable<Case> Cases(CatalogProfile profile, bool diagnostics)
    {
        Task Search(LuceneSearchEngine engine, SearchRequest request) => engine.SearchAsync(request, CancellationToken.None);
        yield return new("one word 'shorts'", (e, _) => Search(e, new SearchRequest { Text = "shorts" }));
        if (diagnostics)
        {
            yield return new("diagnostic: 'shorts' no highlights", (e, _) => Search(e, new SearchRequest { Text = "shorts", IncludeHighlights = false }));
            yield return new("diagnostic: 'shorts' no highlights, no facets", (e, _) => Search(e, new SearchRequest { Text = "shorts", IncludeHighlights = false, IncludeFacets = false }));
            yield return new("diagnostic: typos no highlights", (e, _) => Search(e, new SearchRequest { Text = "wemen shrots", IncludeHighlights = false }));
            yield return new("diagnostic: typos no highlights, no facets", (e, _) => Search(e, new SearchRequest { Text = "wemen shrots", IncludeHighlights = false, IncludeFacets = false }));
            yield return new("diagnostic: browse no facets", (e, i) => Search(e, new SearchRequest
            {
                Filter = new SearchFilter { CategoryIds = [profile.BrowseCategory], MinPriceMinor = 2_500, MaxPriceMinor = 20_000 },
                Sort = SearchSort.PriceAsc, IncludeFacets = false,
            }));
        }
        yield return new("typos 'wemen shrots'", (e, _) => Search(e, new SearchRequest { Text = "wemen shrots" }));
        yield return new($"filtered 'shorts' + {profile.ShortsBrand} + size M + in stock", (e, _) => Search(e, new SearchRequest
        {
            Text = "shorts",
            Filter = new SearchFilter { Brands = [profile.ShortsBrand], Attributes = [new AttributeFilter("size", ["M"])], InStockOnly = true },
        }));
        yield return new($"broad '{profile.CommonWord}' ({profile.CommonShare:P0}), all facets", (e, _) => Search(e, new SearchRequest { Text = profile.CommonWord }));
        yield return new("browse category + price, by price", (e, i) => Search(e, new SearchRequest
        {
            Filter = new SearchFilter { CategoryIds = [profile.BrowseCategory], MinPriceMinor = 2_500, MaxPriceMinor = 20_000 },
            Sort = SearchSort.PriceAsc,
            Offset = i % 5 * 20,
        }));
        yield return new("suggestions", (e, i) => e.SuggestAsync(profile.Prefixes[i % profile.Prefixes.Length], 10, CancellationToken.None));
    }

    private static async Task<double[]> MeasureAsync(LuceneSearchEngine engine, Case @case, SearchEngineSettings settings, CancellationToken ct)
    {
        var timings = new double[settings.Iterations];
        for (var i = 0; i < timings.Length; i++)
        {
            ct.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            await @case.Run(engine, i);
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return timings;
    }

    private static long DiskBytes(string folder) =>
        new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
}
