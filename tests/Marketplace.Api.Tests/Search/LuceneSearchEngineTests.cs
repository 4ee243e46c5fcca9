using Marketplace.Api.Search;
using Marketplace.Api.Search.Lucene;
using Marketplace.Api.Tests.Search.Contract;

namespace Marketplace.Api.Tests.Search;

/// <summary>What only the embedded engine promises: its folder layout, durability, rebuild swaps and recovery.</summary>
public sealed class LuceneSearchEngineTests : IDisposable
{
    private readonly LuceneIndexFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static async Task<long> CountAsync(ISearchEngine engine, string? text) =>
        (await engine.SearchAsync(new SearchRequest { Text = text, IncludeFacets = false }, CancellationToken.None)).TotalCount;

    [Fact]
    public async Task Indexed_products_survive_a_restart()
    {
        using (var engine = folder.CreateEngine())
            await engine.IndexAsync(SearchFixture.Products, [3], CancellationToken.None);

        using var reopened = folder.CreateEngine();
        Assert.Equal(SearchFixture.Products.Count - 1, await CountAsync(reopened, null));
        Assert.Equal(6, await CountAsync(reopened, "shorts"));
    }

    [Fact]
    public async Task A_rebuild_swaps_in_while_searches_go_on_and_removes_the_old_generation()
    {
        using var engine = folder.CreateEngine();
        await engine.IndexAsync(SearchFixture.Products, [], CancellationToken.None);
        var before = Directory.GetDirectories(folder.Path).Single();

        using var stop = new CancellationTokenSource();
        var searching = Task.Run(async () =>
        {
            var searches = 0;
            while (!stop.IsCancellationRequested)
            {
                var count = await CountAsync(engine, "shorts");
                Assert.True(count is 7 or 1, $"A search during the swap found {count} shorts.");
                searches++;
            }
            return searches;
        });

        await using (var rebuild = await engine.BeginRebuildAsync(CancellationToken.None))
        {
            await rebuild.AddAsync(SearchFixture.Products.Where(p => !p.Title.Contains("Shorts")).ToList(), CancellationToken.None);
            await rebuild.AddAsync([SearchFixture.ById(1) with { Title = "Rebuilt Shorts" }], CancellationToken.None);
            Assert.Equal(7, await CountAsync(engine, "shorts"));
            await rebuild.CommitAsync(CancellationToken.None);
        }
        Assert.Equal(1, await CountAsync(engine, "shorts"));
        Assert.Equal(1, await CountAsync(engine, "rebuilt"));

        await stop.CancelAsync();
        Assert.True(await searching > 0);
        var after = Directory.GetDirectories(folder.Path).Single();
        Assert.NotEqual(before, after);
        Assert.Equal(Path.GetFileName(after), File.ReadAllText(Path.Combine(folder.Path, "current")));

        using var reopened = folder.CreateEngine();
        Assert.Equal(1, await CountAsync(reopened, "rebuilt"));
    }

    [Fact]
    public async Task A_server_follows_a_rebuild_that_another_process_swapped_in()
    {
        using var server = folder.CreateEngine();
        await server.IndexAsync(SearchFixture.Products, [], CancellationToken.None);
        var before = Directory.GetDirectories(folder.Path).Single();

        // `search reindex` beside the running server: its own engine on the same folder.
        using (var reindex = folder.CreateEngine())
        {
            await using var rebuild = await reindex.BeginRebuildAsync(CancellationToken.None);
            await rebuild.AddAsync([.. SearchFixture.Products.Where(p => p.ProductId != 1), SearchFixture.ById(1) with { Title = "Reindexed Shorts" }], CancellationToken.None);
            await rebuild.CommitAsync(CancellationToken.None);
        }
        Assert.True(Directory.Exists(before), "the server still writes the old generation, so the reindex leaves it");

        await server.IndexAsync([SearchFixture.ById(2) with { Title = "Changed Meanwhile Shorts" }], [], CancellationToken.None);

        Assert.Equal(1, await CountAsync(server, "reindexed"));
        Assert.Equal(1, await CountAsync(server, "meanwhile"));
        Assert.False(Directory.Exists(before), "the server removes the generation it left");
        using var reopened = folder.CreateEngine();
        Assert.Equal(1, await CountAsync(reopened, "meanwhile"));
    }

    [Fact]
    public async Task A_rebuild_disposed_without_commit_changes_nothing()
    {
        using var engine = folder.CreateEngine();
        await engine.IndexAsync(SearchFixture.Products, [], CancellationToken.None);

        await using (var rebuild = await engine.BeginRebuildAsync(CancellationToken.None))
            await rebuild.AddAsync([SearchFixture.ById(1)], CancellationToken.None);

        Assert.Equal(SearchFixture.Products.Count, await CountAsync(engine, null));
        Assert.Single(Directory.GetDirectories(folder.Path));
    }

    [Fact]
    public async Task Writes_during_a_rebuild_go_to_the_live_index()
    {
        using var engine = folder.CreateEngine();
        await engine.IndexAsync(SearchFixture.Products, [], CancellationToken.None);
        await using var rebuild = await engine.BeginRebuildAsync(CancellationToken.None);

        await engine.IndexAsync([SearchFixture.ById(1) with { Title = "During Rebuild Shorts" }], [], CancellationToken.None);

        Assert.Equal(1, await CountAsync(engine, "during"));
    }

    [Fact]
    public async Task An_engine_that_cannot_write_says_so_and_recovers_when_the_lock_is_released()
    {
        var holder = folder.CreateEngine();
        await holder.IndexAsync(SearchFixture.Products, [], CancellationToken.None);

        // A second engine on the same folder finds the write lock held, as after a crash of another process would.
        using var engine = folder.CreateEngine();
        var failure = await Assert.ThrowsAsync<SearchUnavailableException>(() =>
            engine.IndexAsync([SearchFixture.ById(1) with { Title = "Blocked" }], [], CancellationToken.None));
        Assert.Contains("lock", failure.Message, StringComparison.OrdinalIgnoreCase);
        var health = await engine.CheckHealthAsync(CancellationToken.None);
        Assert.False(health.Available);
        Assert.NotNull(health.Problem);
        Assert.Equal(SearchFixture.Products.Count, health.DocumentCount);
        Assert.Equal(7, await CountAsync(engine, "shorts"));

        holder.Dispose();

        await engine.IndexAsync([SearchFixture.ById(1) with { Title = "Unblocked Shorts" }], [], CancellationToken.None);
        Assert.True((await engine.CheckHealthAsync(CancellationToken.None)).Available);
        Assert.Equal(1, await CountAsync(engine, "unblocked"));
    }

    [Fact]
    public async Task An_index_folder_that_cannot_be_created_is_reported_and_recovered()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(folder.Path)!);
        await File.WriteAllTextAsync(folder.Path, "not a folder");
        using var engine = folder.CreateEngine();

        await Assert.ThrowsAsync<SearchUnavailableException>(() => engine.IndexAsync(SearchFixture.Products, [], CancellationToken.None));
        await Assert.ThrowsAsync<SearchUnavailableException>(() => CountAsync(engine, "shorts"));
        Assert.False((await engine.CheckHealthAsync(CancellationToken.None)).Available);

        File.Delete(folder.Path);

        await engine.IndexAsync(SearchFixture.Products, [], CancellationToken.None);
        Assert.Equal(7, await CountAsync(engine, "shorts"));
        Assert.True((await engine.CheckHealthAsync(CancellationToken.None)).Available);
    }

    [Fact]
    public async Task Searching_segments_in_parallel_gives_the_same_answers()
    {
        using var parallel = new LuceneSearchEngine(folder.Path, LuceneIndexFolder.PriceRanges, LuceneIndexFolder.Synonyms) { ParallelSearchDocs = 0 };
        foreach (var batch in SearchFixture.Products.Chunk(5))
            await parallel.IndexAsync(batch, [], CancellationToken.None);
        using var serial = folder.CreateEngine();

        SearchRequest[] requests =
        [
            new() { Text = "shorts", Filter = new SearchFilter { Brands = ["Stride"], Attributes = [new AttributeFilter("size", ["M"])] } },
            new() { Text = "black", Offset = 2, Limit = 3 },
            new() { Sort = SearchSort.PriceDesc, Filter = new SearchFilter { CategoryIds = [SearchFixture.Clothing.Id], InStockOnly = true } },
            new() { Text = "wemen shrots" },
        ];
        foreach (var request in requests)
        {
            var expected = await serial.SearchAsync(request, CancellationToken.None);
            var actual = await parallel.SearchAsync(request, CancellationToken.None);
            Assert.Equal(expected.TotalCount, actual.TotalCount);
            Assert.Equal(expected.Hits.Select(h => h.ProductId), actual.Hits.Select(h => h.ProductId));
            Assert.Equal(
                expected.Facets.SelectMany(f => f.Values.Select(v => (f.Name, v.Value, v.Count))),
                actual.Facets.SelectMany(f => f.Values.Select(v => (f.Name, v.Value, v.Count))));
        }
    }

    [Fact]
    public async Task Concurrent_writes_and_searches_all_complete()
    {
        using var engine = folder.CreateEngine();
        await engine.IndexAsync(SearchFixture.Products, [], CancellationToken.None);

        var writes = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            engine.IndexAsync([SearchFixture.ById(1 + i) with { Popularity = i }], [], CancellationToken.None)));
        var searches = Enumerable.Range(0, 16).Select(_ => Task.Run(() => CountAsync(engine, "shorts")));
        await Task.WhenAll(writes);
        Assert.All(await Task.WhenAll(searches), count => Assert.Equal(7, count));
        Assert.Equal(SearchFixture.Products.Count, await CountAsync(engine, null));
    }
}
