using Lucene.Net.Index;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// A full rebuild into a new generation folder. Searches and <see cref="LuceneSearchEngine.IndexAsync"/> go on against
/// the live generation meanwhile; changes made there during the rebuild are not copied over, so the caller re-applies
/// them after the swap (the outbox does: it replays what changed since the rebuild began).
/// </summary>
internal sealed class LuceneIndexRebuild(LuceneSearchEngine engine, string name, string path, LuceneDirectory directory, IndexWriter writer)
    : ISearchIndexRebuild
{
    private bool finished;

    public Task AddAsync(IReadOnlyCollection<ProductDocument> documents, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        try
        {
            // IndexWriter takes documents from several threads into separate segments; analysis is the cost.
            Parallel.ForEach(documents, new ParallelOptions { CancellationToken = ct },
                product => writer.AddDocument(ProductFields.Build(product)));
        }
        catch (AggregateException e) when (e.InnerException is not null)
        {
            throw new SearchUnavailableException($"The rebuilt search index cannot be written ({path}): {e.InnerException.Message}", e.InnerException);
        }
        catch (IOException e)
        {
            throw new SearchUnavailableException($"The rebuilt search index cannot be written ({path}): {e.Message}", e);
        }
        return Task.CompletedTask;
    }

    public Task CommitAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        try
        {
            writer.Commit();
            writer.Dispose();
            directory.Dispose();
        }
        catch (IOException e)
        {
            throw new SearchUnavailableException($"The rebuilt search index cannot be committed ({path}): {e.Message}", e);
        }
        finished = true;
        engine.SwapTo(name);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        if (finished) return ValueTask.CompletedTask;
        finished = true;
        try
        {
            writer.Rollback();
            directory.Dispose();
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // The next start-up removes folders the pointer does not name.
        }
        return ValueTask.CompletedTask;
    }
}
