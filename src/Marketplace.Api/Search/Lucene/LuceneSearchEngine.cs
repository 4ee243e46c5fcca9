using System.Diagnostics;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;
using Marketplace.Api.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// The embedded engine. The index folder holds generation folders and a pointer file (<c>current</c>) naming the
/// live one; a rebuild writes a new generation and swaps the pointer. Writes are serialized and committed before
/// they return; searches read the last commit through a <see cref="SearcherManager"/>, so they go on while the
/// writer is unavailable and never wait for a write. Filters, facets and sorts run on per-segment arrays
/// (<see cref="SegmentData"/>), Lucene only scores text.
/// </summary>
public sealed class LuceneSearchEngine : ISearchEngine, IDisposable
{
    /// <summary>Values returned per facet; the rest of a long tail is dropped.</summary>
    public const int MaxFacetValues = 50;


    private const string PointerFile = "current";
    private const string GenerationPrefix = "gen-";
    private const int MaxHighlightFragments = 2;
    private const int DescriptionFragmentChars = 160;
    /// <summary>A suggestion index quicker to build than this is rebuilt in line when stale; a slower one in the background.</summary>
    private static readonly TimeSpan InlineSuggestionBuild = TimeSpan.FromMilliseconds(200);

    private readonly string root;
    private readonly PriceRanges priceRanges;
    private readonly QuerySynonyms synonyms;
    private readonly ILogger logger;
    private readonly SegmentDataCache segments;
    private readonly SearcherFactory searcherFactory;
    private readonly SemaphoreSlim writeGate = new(1, 1);
    private readonly Lock openGate = new();
    private readonly Lock suggestionGate = new();
    private volatile IndexGeneration? current;
    private volatile SuggestionState? suggestions;
    private volatile IReadOnlyCollection<PopularQuery> popularQueries = [];
    private int popularQueriesVersion;
    private int suggestionBuildRunning;
    private bool disposed;
    private long pointerCheckedAt;

    private sealed record SuggestionState(IndexReader Reader, int QueriesVersion, SuggestionIndex Index, TimeSpan BuildTime);

    public LuceneSearchEngine(
        IOptions<SearchOptions> options, DataDirectory dataDirectory, PriceRanges priceRanges, SearchSynonyms synonyms,
        ILogger<LuceneSearchEngine> logger)
        : this(Path.Combine(dataDirectory.Path, options.Value.IndexDirectory), priceRanges, synonyms, logger)
    {
    }

    /// <summary>An engine on a given folder, for tests and tools.</summary>
    internal LuceneSearchEngine(string indexDirectory, PriceRanges priceRanges, SearchSynonyms synonyms, ILogger? logger = null)
    {
        root = Path.GetFullPath(indexDirectory);
        this.priceRanges = priceRanges;
        segments = new SegmentDataCache(new FacetTermTable(), priceRanges);
        this.synonyms = new QuerySynonyms(synonyms);
        this.logger = logger ?? NullLogger.Instance;
        searcherFactory = new WarmingSearcherFactory(segments);
    }

    public Task IndexAsync(IReadOnlyCollection<ProductDocument> upserts, IReadOnlyCollection<long> deletes, CancellationToken ct)
    {
        if (upserts.Count == 0 && deletes.Count == 0) return Task.CompletedTask;
        // Built first: a malformed document is the caller's bug, not the index being unavailable.
        var documents = upserts.Select(product => (Id: ProductFields.IdTerm(product.ProductId), Document: ProductFields.Build(product))).ToList();
        writeGate.Wait(ct);
        try
        {
            FollowPointer(throttled: false);
            var generation = Open();
            try
            {
                var writer = generation.Writer();
                foreach (var (id, document) in documents) writer.UpdateDocument(id, document);
                foreach (var productId in deletes) writer.DeleteDocuments(ProductFields.IdTerm(productId));
                writer.Commit();
                generation.Searchers.MaybeRefreshBlocking();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                generation.DropWriter();
                throw Unavailable("The search index cannot be written", e);
            }
        }
        finally
        {
            writeGate.Release();
        }
        return Task.CompletedTask;
    }

    public Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        var generation = AcquireGeneration();
        try
        {
            var searcher = generation.Searchers.Acquire();
            try
            {
                return Task.FromResult(Search(searcher, request));
            }
            finally
            {
                generation.Searchers.Release(searcher);
            }
        }
        finally
        {
            generation.Release();
        }
    }

    public Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int first, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(prefix) || first <= 0) return Task.FromResult<IReadOnlyList<Suggestion>>([]);
        var generation = AcquireGeneration();
        try
        {
            var searcher = generation.Searchers.Acquire();
            try
            {
                return Task.FromResult(CurrentSuggestions(searcher.IndexReader).Find(prefix, first));
            }
            finally
            {
                generation.Searchers.Release(searcher);
            }
        }
        finally
        {
            generation.Release();
        }
    }

    public Task ReplacePopularQueriesAsync(IReadOnlyCollection<PopularQuery> queries, CancellationToken ct)
    {
        popularQueries = queries.ToList();
        Interlocked.Increment(ref popularQueriesVersion);
        return Task.CompletedTask;
    }

    public Task<SearchEngineHealth> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            writeGate.Wait(ct);
            try
            {
                var generation = Open();
                generation.Writer();
                var searcher = generation.Searchers.Acquire();
                try
                {
                    return Task.FromResult(new SearchEngineHealth(true, searcher.IndexReader.NumDocs));
                }
                finally
                {
                    generation.Searchers.Release(searcher);
                }
            }
            finally
            {
                writeGate.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reason = e is SearchUnavailableException ? e.Message : Describe("The search index cannot be written", e);
            current?.DropWriter();
            return Task.FromResult(new SearchEngineHealth(false, CountWithoutWriter(), reason));
        }
    }

    public Task<ISearchIndexRebuild> BeginRebuildAsync(CancellationToken ct)
    {
        Open();
        var name = GenerationPrefix + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff") + "-" + Guid.NewGuid().ToString("N")[..6];
        var path = Path.Combine(root, name);
        try
        {
            Directory.CreateDirectory(path);
            var directory = global::Lucene.Net.Store.FSDirectory.Open(path);
            var writer = new IndexWriter(directory, IndexGeneration.RebuildConfig());
            return Task.FromResult<ISearchIndexRebuild>(new LuceneIndexRebuild(this, name, path, directory, writer));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw Unavailable("A new search index cannot be created", e);
        }
    }

    /// <summary>Points the engine at a committed rebuild and lets the previous generation go.</summary>
    internal void SwapTo(string name)
    {
        writeGate.Wait();
        try
        {
            var next = IndexGeneration.Open(name, Path.Combine(root, name), searcherFactory);
            lock (openGate)
            {
                var pointer = Path.Combine(root, PointerFile);
                File.WriteAllText(pointer + ".tmp", name);
                File.Move(pointer + ".tmp", pointer, overwrite: true);
                var previous = current;
                current = next;
                // A server writing the old generation (this is `search reindex` beside it) deletes it itself once it follows the pointer.
                previous?.Retire(delete: previous.IsWrittenElsewhere() is false);
            }
            logger.LogInformation("Search index generation {Generation} is live", name);
        }
        finally
        {
            writeGate.Release();
        }
    }

    private SearchResponse Search(IndexSearcher searcher, SearchRequest request)
    {
        var reader = searcher.IndexReader;
        var words = TextQuery.Analyze(request.Text);
        var query = TextQuery.Build(words, reader, synonyms);
        if (query is null) return Execute(searcher, request, null);

        var response = Execute(searcher, request, query.Strict);
        var didYouMean = SpellingCorrector.Correct(query.Words, reader);
        if (response.TotalCount > 0) return response with { DidYouMean = didYouMean };

        if (didYouMean is not null && request.FallBackToCorrection)
        {
            var corrected = TextQuery.Build(TextQuery.Analyze(didYouMean), reader, synonyms);
            if (corrected is not null)
            {
                var fallback = Execute(searcher, request, corrected.Strict);
                if (fallback.TotalCount > 0) return fallback with { DidYouMean = didYouMean, CorrectedQuery = didYouMean };
            }
        }
        if (query.Words.Count > 1)
        {
            // Nothing has every word: rank what has some of them rather than show nothing.
            var loose = Execute(searcher, request, query.Loose);
            return loose with { DidYouMean = didYouMean };
        }
        return response with { DidYouMean = didYouMean };
    }

    private SearchResponse Execute(IndexSearcher searcher, SearchRequest request, Query? query)
    {
        var reader = searcher.IndexReader;
        foreach (var leaf in reader.Leaves) segments.Get(leaf.AtomicReader);
        var terms = segments.Table.Current();
        var plan = FilterPlan.Compile(request.Filter, terms);
        var offset = Math.Max(0, request.Offset);
        var limit = Math.Max(0, request.Limit);
        var sort = query is null && request.Sort == SearchSort.Relevance ? SearchSort.Popularity : request.Sort;
        // Rewritten once, fuzzy and prefix words are plain terms for both the search and the highlighter.
        query = query is null ? null : searcher.Rewrite(query);
        var weight = query is null ? null : searcher.CreateNormalizedWeight(query);
        var personal = request.Personalization is { } personalization && request.Sort == SearchSort.Relevance
            ? BoostPlan.Compile(personalization, terms)
            : null;
        var slices = Slices(reader);
        var collectors = slices.Select(_ => new ProductCollector(
            segments, terms, plan, sort, (int)Math.Min(reader.NumDocs, (long)offset + limit), request.IncludeFacets, priceRanges, personal)).ToArray();
        void Collect(int slice)
        {
            foreach (var leaf in slices[slice])
                if (weight is null) collectors[slice].CollectAll(leaf);
                else collectors[slice].CollectMatches(leaf, weight);
        }
        if (slices.Count == 1) Collect(0);
        else Parallel.For(0, slices.Count, Collect);
        var collector = collectors[0];
        foreach (var other in collectors.Skip(1)) collector.Merge(other);

        var page = collector.Page(offset).Take(limit).ToList();
        var hits = new List<SearchHit>(page.Count);
        var highlighters = request.IncludeHighlights && query is not null && page.Count > 0 ? Highlighters(query) : null;
        foreach (var hit in page)
        {
            var highlights = highlighters is null ? [] : Highlight(searcher, hit.Doc, highlighters);
            hits.Add(personal is null
                ? new SearchHit(hit.ProductId, hit.Score, highlights)
                : Explained(new SearchHit(hit.ProductId, hit.Score, highlights), personal, reader, hit.Doc));
        }
        var facets = request.IncludeFacets ? Facets(terms, collector) : [];
        return new SearchResponse(collector.TotalCount, hits, facets);
    }

    private SearchHit Explained(SearchHit hit, BoostPlan personal, IndexReader reader, int doc)
    {
        var leaf = reader.Leaves[ReaderUtil.SubIndex(doc, reader.Leaves)];
        var data = segments.Get(leaf.AtomicReader);
        return hit with { MatchedBoosts = personal.Matched(data, doc - leaf.DocBase), Pinned = personal.PinRank(hit.ProductId) >= 0 };
    }

    /// <summary>
    /// A big index is searched as one slice of segments per core, each with its own counts and heap, merged after;
    /// a small one in one go, where starting tasks would cost more than they save.
    /// </summary>
    private List<List<AtomicReaderContext>> Slices(IndexReader reader)
    {
        var count = reader.MaxDoc >= ParallelSearchDocs ? Math.Min(Environment.ProcessorCount, reader.Leaves.Count) : 1;
        var slices = Enumerable.Range(0, Math.Max(1, count)).Select(_ => new List<AtomicReaderContext>()).ToList();
        var sizes = new long[slices.Count];
        foreach (var leaf in reader.Leaves.OrderByDescending(l => l.AtomicReader.MaxDoc))
        {
            var smallest = Array.IndexOf(sizes, sizes.Min());
            slices[smallest].Add(leaf);
            sizes[smallest] += leaf.AtomicReader.MaxDoc;
        }
        return slices;
    }

    private IReadOnlyList<SearchFacet> Facets(FacetTermTable.Snapshot terms, ProductCollector collector)
    {
        var counts = collector.TermCounts;
        var idsByDimension = new List<int>?[terms.DimensionCount];
        for (var id = 0; id < terms.Terms.Length; id++)
            if (counts[id] > 0) (idsByDimension[terms.TermDimensions[id]] ??= []).Add(id);

        // Count desc, then value; a long tail (thousands of sellers) is cut with a bounded heap, not sorted whole.
        int Compare(int a, int b) => counts[a] != counts[b]
            ? counts[b].CompareTo(counts[a])
            : StringComparer.OrdinalIgnoreCase.Compare(terms.Terms[a].Value, terms.Terms[b].Value);
        var comparer = Comparer<int>.Create(Compare);
        var worstFirst = Comparer<int>.Create((a, b) => Compare(b, a));

        SearchFacet Facet(List<int> ids)
        {
            List<int> top;
            if (ids.Count <= MaxFacetValues) top = ids;
            else
            {
                var heap = new PriorityQueue<int, int>(MaxFacetValues + 1, worstFirst);
                foreach (var id in ids)
                {
                    if (heap.Count == MaxFacetValues)
                    {
                        var worst = heap.Peek();
                        if (counts[id] < counts[worst] || Compare(id, worst) >= 0) continue;
                        heap.Dequeue();
                    }
                    heap.Enqueue(id, id);
                }
                top = [.. heap.UnorderedItems.Select(item => item.Element)];
            }
            top.Sort(comparer);
            return new SearchFacet(terms.Terms[ids[0]].Dimension, top
                .Select(id => new SearchFacetValue(terms.Terms[id].Value, terms.Terms[id].Label, counts[id]))
                .ToList());
        }

        var fixedDimensions = new List<SearchFacet>();
        var attributeDimensions = new List<SearchFacet>();
        foreach (var ids in idsByDimension)
        {
            if (ids is null) continue;
            (terms.Terms[ids[0]].Kind == FacetKind.Attribute ? attributeDimensions : fixedDimensions).Add(Facet(ids));
        }
        var order = new[] { FacetNames.Category, FacetNames.Brand, FacetNames.Seller };
        var facets = fixedDimensions.OrderBy(f => Array.IndexOf(order, f.Name)).ToList();
        var prices = priceRanges.Buckets
            .Select((bucket, i) => (bucket.Value, bucket.Label, Count: collector.PriceCounts[i]))
            .Where(b => b.Count > 0)
            .Select(b => new SearchFacetValue(b.Value, b.Label, b.Count))
            .ToList();
        facets.Add(new SearchFacet(FacetNames.Price, prices));
        facets.AddRange(attributeDimensions.OrderBy(f => f.Name, StringComparer.Ordinal));
        return facets;
    }

    private static (string Field, Highlighter Highlighter, int Fragments)[] Highlighters(Query query)
    {
        Highlighter For(string field, IFragmenter fragmenter) =>
            new(new SimpleHTMLFormatter("<em>", "</em>"), new SimpleHTMLEncoder(), new QueryTermScorer(query, field)) { TextFragmenter = fragmenter };
        return
        [
            (ProductFields.Title, For(ProductFields.Title, new NullFragmenter()), 1),
            (ProductFields.Description, For(ProductFields.Description, new SimpleFragmenter(DescriptionFragmentChars)), MaxHighlightFragments),
        ];
    }

    private static IReadOnlyList<SearchHighlight> Highlight(IndexSearcher searcher, int doc, (string Field, Highlighter Highlighter, int Fragments)[] highlighters)
    {
        var stored = searcher.Doc(doc);
        var highlights = new List<SearchHighlight>(2);
        foreach (var (field, highlighter, fragments) in highlighters)
        {
            var text = stored.Get(field);
            if (string.IsNullOrEmpty(text)) continue;
            using var tokens = SearchAnalyzers.English.GetTokenStream(field, text);
            var best = highlighter.GetBestFragments(tokens, text, fragments);
            if (best.Length > 0) highlights.Add(new SearchHighlight(field, best));
        }
        return highlights;
    }

    private SuggestionIndex CurrentSuggestions(IndexReader reader)
    {
        var state = suggestions;
        var version = Volatile.Read(ref popularQueriesVersion);
        if (state is not null && ReferenceEquals(state.Reader, reader) && state.QueriesVersion == version) return state.Index;
        if (state is not null && state.BuildTime > InlineSuggestionBuild)
        {
            // A big catalog keeps serving the previous suggestions while the next ones are built.
            if (Interlocked.CompareExchange(ref suggestionBuildRunning, 1, 0) == 0)
                _ = Task.Run(RebuildSuggestionsInBackground);
            return state.Index;
        }
        lock (suggestionGate)
        {
            state = suggestions;
            if (state is not null && ReferenceEquals(state.Reader, reader) && state.QueriesVersion == version) return state.Index;
            return (suggestions = BuildSuggestions(reader, version)).Index;
        }
    }

    private SuggestionState BuildSuggestions(IndexReader reader, int version)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var leaf in reader.Leaves) segments.Get(leaf.AtomicReader);
        var index = SuggestionIndex.Build(reader, segments, segments.Table.Current(), popularQueries);
        return new SuggestionState(reader, version, index, Stopwatch.GetElapsedTime(started));
    }

    private void RebuildSuggestionsInBackground()
    {
        try
        {
            var generation = AcquireGeneration();
            try
            {
                var searcher = generation.Searchers.Acquire();
                try
                {
                    var built = BuildSuggestions(searcher.IndexReader, Volatile.Read(ref popularQueriesVersion));
                    lock (suggestionGate) suggestions = built;
                }
                finally
                {
                    generation.Searchers.Release(searcher);
                }
            }
            finally
            {
                generation.Release();
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Rebuilding search suggestions failed");
        }
        finally
        {
            Volatile.Write(ref suggestionBuildRunning, 0);
        }
    }

    private IndexGeneration AcquireGeneration()
    {
        FollowPointer(throttled: true);
        while (true)
        {
            var generation = Open();
            if (generation.TryAcquire()) return generation;
        }
    }

    /// <summary>
    /// Follows the pointer when another process (`search reindex` beside a running server) has swapped in a new
    /// generation: before every write, and at most once a second for searches.
    /// </summary>
    private void FollowPointer(bool throttled)
    {
        var generation = current;
        if (generation is null) return;
        var now = Environment.TickCount64;
        if (throttled && now - Volatile.Read(ref pointerCheckedAt) < 1_000) return;
        Volatile.Write(ref pointerCheckedAt, now);
        string name;
        try
        {
            name = File.ReadAllText(Path.Combine(root, PointerFile)).Trim();
        }
        catch (IOException)
        {
            return;
        }
        if (name == generation.Name || !Directory.Exists(Path.Combine(root, name))) return;
        lock (openGate)
        {
            if (current != generation) return;
            current = IndexGeneration.Open(name, Path.Combine(root, name), searcherFactory);
            generation.Retire(delete: true);
        }
        logger.LogInformation("Search index generation {Generation}, swapped in by another process, is live here too", name);
    }

    /// <summary>The live generation, opened (or created, for a new folder) on first use and after a failed start.</summary>
    private IndexGeneration Open()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var generation = current;
        if (generation is not null) return generation;
        lock (openGate)
        {
            if (current is not null) return current;
            try
            {
                Directory.CreateDirectory(root);
                var pointer = Path.Combine(root, PointerFile);
                var name = File.Exists(pointer) ? File.ReadAllText(pointer).Trim() : null;
                // A pointer to a missing folder (an unmounted volume) is an outage, not a reason to start an empty index.
                if (name is not null && !Directory.Exists(Path.Combine(root, name)))
                    throw new DirectoryNotFoundException($"The search index folder {Path.Combine(root, name)} named by {pointer} is missing.");
                if (name is null)
                {
                    name = GenerationPrefix + "0";
                    IndexGeneration.CreateEmpty(Path.Combine(root, name));
                    File.WriteAllText(pointer + ".tmp", name);
                    File.Move(pointer + ".tmp", pointer, overwrite: true);
                }
                RemoveAbandonedGenerations(name);
                current = IndexGeneration.Open(name, Path.Combine(root, name), searcherFactory);
                return current;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw Unavailable("The search index cannot be opened", e);
            }
        }
    }

    /// <summary>Folders of rebuilds that never committed (the process stopped mid-rebuild).</summary>
    private void RemoveAbandonedGenerations(string live)
    {
        foreach (var folder in Directory.EnumerateDirectories(root, GenerationPrefix + "*"))
        {
            if (Path.GetFileName(folder) == live) continue;
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException e) { logger.LogWarning(e, "Could not remove the abandoned search index {Folder}", folder); }
        }
    }

    private long CountWithoutWriter()
    {
        var generation = current;
        if (generation is null || !generation.TryAcquire()) return 0;
        try
        {
            var searcher = generation.Searchers.Acquire();
            try { return searcher.IndexReader.NumDocs; }
            finally { generation.Searchers.Release(searcher); }
        }
        catch (Exception)
        {
            return 0;
        }
        finally
        {
            generation.Release();
        }
    }

    private SearchUnavailableException Unavailable(string what, Exception e)
    {
        var reason = Describe(what, e);
        logger.LogError(e, "{Problem}", reason);
        return new SearchUnavailableException(reason, e);
    }

    private string Describe(string what, Exception e) => $"{what} ({root}): {e.Message}";

    /// <summary>From this many documents, a search uses every core (see <see cref="Slices"/>); tests lower it.</summary>
    internal int ParallelSearchDocs { get; init; } = 200_000;

    /// <summary>The memory of the per-segment filter, facet and sort arrays currently cached.</summary>
    internal long SegmentArrayBytes => segments.MemoryBytes;

    public void Dispose()
    {
        if (disposed) return;
        writeGate.Wait();
        try
        {
            disposed = true;
            current?.Retire(delete: false);
            current = null;
        }
        finally
        {
            writeGate.Release();
        }
    }

    /// <summary>Loads a new reader's segment arrays before it serves searches, so no search pays for it.</summary>
    private sealed class WarmingSearcherFactory(SegmentDataCache segments) : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader)
        {
            foreach (var leaf in reader.Leaves) segments.Get(leaf.AtomicReader);
            return new IndexSearcher(reader);
        }
    }
}
