using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// One pass over the matching documents that filters on the in-memory segment arrays, counts disjunctive facets
/// and keeps the requested page in a bounded heap. Used as a Lucene collector for text queries and driven directly
/// over live documents when there is no text.
/// </summary>
internal sealed class ProductCollector(
    SegmentDataCache segments, FacetTermTable.Snapshot terms, FilterPlan plan, SearchSort sort, int pageEnd, bool countFacets, PriceRanges priceRanges,
    BoostPlan? personal = null)
    : ICollector
{
    /// <summary>How much popularity moves a relevance score: a tie-break, not a ranking signal of its own.</summary>
    private const double PopularityWeight = 0.02;

    /// <summary>Pinned products rank above anything a score can reach.</summary>
    private const double PinnedPrimary = 1e30;

    private readonly TopHits top = new(Math.Max(pageEnd, 1), sort);
    private readonly int[] termCounts = new int[terms.Terms.Length + 1];
    private readonly long[] priceCounts = new long[priceRanges.Buckets.Count];
    private SegmentData segment = null!;
    private int docBase;
    private Scorer? scorer;

    public long TotalCount { get; private set; }
    public int[] TermCounts => termCounts;
    public long[] PriceCounts => priceCounts;

    public IReadOnlyList<TopHits.Hit> Page(int offset) => top.Sorted().Skip(offset).ToList();

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer) => this.scorer = scorer;

    public void SetNextReader(AtomicReaderContext context)
    {
        segment = segments.Get(context.AtomicReader);
        docBase = context.DocBase;
    }

    public void Collect(int doc) => Accept(doc);

    /// <summary>Every live document of a segment, for a search without text.</summary>
    public void CollectAll(AtomicReaderContext leaf)
    {
        SetNextReader(leaf);
        scorer = null;
        var live = leaf.AtomicReader.LiveDocs;
        var maxDoc = leaf.AtomicReader.MaxDoc;
        for (var doc = 0; doc < maxDoc; doc++)
            if (live is null || live.Get(doc)) Accept(doc);
    }

    /// <summary>The documents of a segment that match the query's weight.</summary>
    public void CollectMatches(AtomicReaderContext leaf, Weight weight)
    {
        var matches = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
        if (matches is null) return;
        SetNextReader(leaf);
        SetScorer(matches);
        int doc;
        while ((doc = matches.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS) Accept(doc);
    }

    /// <summary>Adds another collector's counts and hits, from a search of other segments.</summary>
    public void Merge(ProductCollector other)
    {
        TotalCount += other.TotalCount;
        for (var i = 0; i < termCounts.Length; i++) termCounts[i] += other.termCounts[i];
        for (var i = 0; i < priceCounts.Length; i++) priceCounts[i] += other.priceCounts[i];
        foreach (var hit in other.top.Sorted()) top.Offer(hit);
    }

    private void Accept(int doc)
    {
        var data = segment;
        if (plan.InStockOnly && !data.InStock[doc]) return;

        var satisfied = 0;
        var filteredKinds = plan.FilteredKinds;
        for (var kind = 0; kind < filteredKinds.Length; kind++)
            if (filteredKinds[kind]) satisfied |= Satisfied(data.ByKind[kind], doc);
        var price = data.Prices[doc];
        if (plan.PriceSlot >= 0 && price >= plan.MinPrice && price <= plan.MaxPrice) satisfied |= 1 << plan.PriceSlot;

        var failed = plan.RequiredMask & ~satisfied;
        if (failed == 0)
        {
            TotalCount++;
            Offer(doc, data);
            if (countFacets) CountAll(data, doc, price);
        }
        else if (countFacets && (failed & (failed - 1)) == 0)
        {
            CountOnly(FilterPlan.SingleSlot(failed), data, doc, price);
        }
    }

    private int Satisfied(SegmentData.TermLists lists, int doc)
    {
        var satisfied = 0;
        var values = lists.Values;
        var termSlots = plan.TermSlots;
        for (int i = lists.Starts[doc], end = lists.Starts[doc + 1]; i < end; i++)
        {
            var value = values[i];
            if (value < 0)
            {
                if (plan.InStockOnly) continue;
                value = ~value;
            }
            var slot = termSlots[value];
            if (slot >= 0) satisfied |= 1 << slot;
        }
        return satisfied;
    }

    private void Offer(int doc, SegmentData data)
    {
        var productId = data.ProductIds[doc];
        double primary;
        float score = 0;
        switch (sort)
        {
            case SearchSort.Relevance when scorer is not null:
                score = scorer.GetScore();
                primary = score * (1 + PopularityWeight * Math.Log(1 + Math.Max(0, data.Popularity[doc])));
                break;
            case SearchSort.Relevance or SearchSort.Popularity:
                primary = data.Popularity[doc];
                break;
            case SearchSort.PriceAsc or SearchSort.PriceDesc:
                primary = data.Prices[doc];
                break;
            default:
                primary = data.Created[doc];
                break;
        }
        if (personal is not null)
        {
            var pin = personal.PinRank(productId);
            primary = pin >= 0
                ? PinnedPrimary * (personal.PinCount - pin)
                : primary * personal.Factor(data, doc);
        }
        top.Offer(new TopHits.Hit(primary, productId, docBase + doc, score));
    }

    private void CountAll(SegmentData data, int doc, long price)
    {
        foreach (var lists in data.ByKind) Count(lists, doc);
        priceCounts[data.PriceBuckets[doc]]++;
    }

    private void Count(SegmentData.TermLists lists, int doc)
    {
        var values = lists.Values;
        var counts = termCounts;
        var end = lists.Starts[doc + 1];
        // Branch-free in the hot loop: ~id of an out-of-stock value is its id again (v ^ (v >> 31)), or, for
        // in-stock-only searches, the spare last slot that nobody reads.
        if (plan.InStockOnly)
        {
            var sink = counts.Length - 1;
            for (var i = lists.Starts[doc]; i < end; i++)
            {
                var value = values[i];
                counts[value >= 0 ? value : sink]++;
            }
        }
        else
        {
            for (var i = lists.Starts[doc]; i < end; i++)
            {
                var value = values[i];
                counts[value ^ (value >> 31)]++;
            }
        }
    }

    private void CountOnly(int slot, SegmentData data, int doc, long price)
    {
        var kind = plan.SlotKinds[slot];
        if (kind < 0)
        {
            priceCounts[data.PriceBuckets[doc]]++;
            return;
        }
        var lists = data.ByKind[kind];
        if (kind != (int)FacetKind.Attribute)
        {
            Count(lists, doc);
            return;
        }
        // Attribute terms of every name share one list; count only the name this slot filters.
        var values = lists.Values;
        var dimensionSlots = plan.DimensionSlots;
        var termDimensions = terms.TermDimensions;
        for (int i = lists.Starts[doc], end = lists.Starts[doc + 1]; i < end; i++)
        {
            var value = values[i];
            if (value < 0)
            {
                if (plan.InStockOnly) continue;
                value = ~value;
            }
            if (dimensionSlots[termDimensions[value]] == slot) termCounts[value]++;
        }
    }
}

/// <summary>The best hits so far in a bounded binary heap whose root is the worst kept; ties go to the lower product id.</summary>
internal sealed class TopHits(int capacity, SearchSort sort)
{
    public readonly record struct Hit(double Primary, long ProductId, int Doc, float Score);

    private readonly Hit[] heap = new Hit[capacity];
    private readonly bool ascending = sort == SearchSort.PriceAsc;
    private int count;

    /// <summary>Whether a ranks before b in the results.</summary>
    private bool Before(in Hit a, in Hit b)
    {
        if (a.Primary != b.Primary) return ascending ? a.Primary < b.Primary : a.Primary > b.Primary;
        return a.ProductId < b.ProductId;
    }

    public void Offer(Hit hit)
    {
        if (count < heap.Length)
        {
            heap[count] = hit;
            SiftUp(count++);
        }
        else if (Before(hit, heap[0]))
        {
            heap[0] = hit;
            SiftDown(0);
        }
    }

    public IEnumerable<Hit> Sorted()
    {
        var hits = heap[..count];
        Array.Sort(hits, (a, b) => Before(a, b) ? -1 : Before(b, a) ? 1 : 0);
        return hits;
    }

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Before(heap[parent], heap[i])) break;
            (heap[parent], heap[i]) = (heap[i], heap[parent]);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            var right = left + 1;
            if (left < count && Before(heap[worst], heap[left])) worst = left;
            if (right < count && Before(heap[worst], heap[right])) worst = right;
            if (worst == i) return;
            (heap[worst], heap[i]) = (heap[i], heap[worst]);
            i = worst;
        }
    }
}
