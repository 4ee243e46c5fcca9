using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// One generation folder of the index: its directory, a searcher manager over its last commit and a writer opened
/// on demand (and dropped after a failure, so the next write opens it again). Reference counted, so a generation
/// swapped out by a rebuild is closed and deleted only after the searches still running on it finish.
/// </summary>
internal sealed class IndexGeneration
{
    private readonly LuceneDirectory directory;
    private readonly System.Threading.Lock writerGate = new();
    private IndexWriter? writer;
    private int references = 1;
    private bool deleteWhenReleased;

    private IndexGeneration(string name, string path, LuceneDirectory directory, SearcherManager searchers)
    {
        Name = name;
        Path = path;
        this.directory = directory;
        Searchers = searchers;
    }

    public string Name { get; }
    public string Path { get; }
    public SearcherManager Searchers { get; }

    /// <summary>Opens a generation folder that holds a commit.</summary>
    public static IndexGeneration Open(string name, string path, SearcherFactory searcherFactory)
    {
        var directory = FSDirectory.Open(path);
        try
        {
            return new IndexGeneration(name, path, directory, new SearcherManager(directory, searcherFactory));
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>Creates an empty index in a new folder, so it can be opened.</summary>
    public static void CreateEmpty(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        using var directory = FSDirectory.Open(path);
        using var writer = new IndexWriter(directory, WriterConfig(OpenMode.CREATE));
        writer.Commit();
    }

    public static IndexWriterConfig WriterConfig(OpenMode mode) => new(SearchAnalyzers.Version, SearchAnalyzers.Index)
    {
        OpenMode = mode,
        // Another writer holding the lock is a failure to report now, not a wait.
        WriteLockTimeout = 0,
        RAMBufferSizeMB = 64,
    };

    /// <summary>A bulk load: bigger flushes, so fewer merges, and no compound files, which only save file handles.</summary>
    public static IndexWriterConfig RebuildConfig()
    {
        var config = WriterConfig(OpenMode.CREATE);
        config.RAMBufferSizeMB = 256;
        config.UseCompoundFile = false;
        config.MergePolicy = new TieredMergePolicy { NoCFSRatio = 0 };
        return config;
    }

    public IndexWriter Writer()
    {
        lock (writerGate)
        {
            if (writer is not null) return writer;
            // A generation always holds a commit. A missing folder (an unmounted volume) must not be silently
            // replaced by an empty index, which would look healthy while missing the catalog.
            if (!System.IO.Directory.Exists(Path)) throw new DirectoryNotFoundException($"The search index folder {Path} is missing.");
            return writer = new IndexWriter(directory, WriterConfig(OpenMode.APPEND));
        }
    }

    /// <summary>Whether another process holds this generation's write lock (a server beside a `search reindex`).</summary>
    public bool IsWrittenElsewhere()
    {
        lock (writerGate)
        {
            if (writer is not null) return false;
            try { return IndexWriter.IsLocked(directory); }
            catch (IOException) { return true; }
        }
    }

    /// <summary>Forgets a writer after a failed write, discarding what it had not committed.</summary>
    public void DropWriter()
    {
        lock (writerGate)
        {
            try { writer?.Rollback(); }
            catch (Exception) { /* the writer is broken already; rolling back is only to release its lock */ }
            writer = null;
        }
    }

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref references, current + 1, current) == current) return true;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref references) != 0) return;
        Close();
        if (deleteWhenReleased)
        {
            try { System.IO.Directory.Delete(Path, recursive: true); }
            catch (IOException) { /* left for the next start-up's clean-up */ }
        }
    }

    /// <summary>Gives up the owner's reference; the folder goes when the last search lets go of it.</summary>
    public void Retire(bool delete)
    {
        deleteWhenReleased = delete;
        Release();
    }

    private void Close()
    {
        lock (writerGate)
        {
            try { writer?.Dispose(); }
            catch (Exception) { writer?.Rollback(); }
            writer = null;
        }
        Searchers.Dispose();
        directory.Dispose();
    }
}
