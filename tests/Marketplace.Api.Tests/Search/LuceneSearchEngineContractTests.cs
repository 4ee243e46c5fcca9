using Marketplace.Api.Search;
using Marketplace.Api.Search.Lucene;
using Marketplace.Api.Tests.Search.Contract;

namespace Marketplace.Api.Tests.Search;

public sealed class LuceneSearchEngineContractTests : SearchEngineContract
{
    private readonly LuceneIndexFolder folder = new();

    protected override Task<ISearchEngine> CreateEngineAsync() => Task.FromResult<ISearchEngine>(folder.CreateEngine());

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        folder.Dispose();
    }
}

/// <summary>A temporary index folder, deleted afterwards, and engines on it.</summary>
public sealed class LuceneIndexFolder : IDisposable
{
    public static readonly PriceRanges PriceRanges = new([25, 50, 100, 200, 500], "USD");
    public static readonly SearchSynonyms Synonyms = SearchSynonyms.Load("seed/synonyms.txt");

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lucene-tests", Guid.NewGuid().ToString("N"));

    internal LuceneSearchEngine CreateEngine() => new(Path, PriceRanges, Synonyms);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (DirectoryNotFoundException) { }
    }
}
