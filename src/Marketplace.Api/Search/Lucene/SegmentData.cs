using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// A segment's filter, facet and sort values as plain arrays, read once from doc values when the segment first
/// appears: facet terms as CSR (each doc's global term ids between <see cref="TermStarts"/>[doc] and [doc + 1]; an
/// option value that is out of stock is stored as the complement ~id). Segments are immutable, so the arrays are
/// cached by the segment core and shared by every reader that holds it; deletions come from the reader's live docs.
/// </summary>
internal sealed class SegmentData
{
    public required long[] ProductIds { get; init; }
    public required long[] Prices { get; init; }
    public required float[] Popularity { get; init; }
    public required long[] Created { get; init; }
    public required bool[] InStock { get; init; }
    /// <summary>Each document's <see cref="PriceRanges"/> bucket, so the price facet is one array read.</summary>
    public required byte[] PriceBuckets { get; init; }
    /// <summary>Facet terms by <see cref="FacetKind"/>, so a filter on one kind reads only that kind's values.</summary>
    public required TermLists[] ByKind { get; init; }

    public sealed record TermLists(int[] Starts, int[] Values);

    public long MemoryBytes =>
        ProductIds.Length * 8L + Prices.Length * 8L + Popularity.Length * 4L + Created.Length * 8L + InStock.Length + PriceBuckets.Length +
        ByKind.Sum(k => k.Starts.Length * 4L + k.Values.Length * 4L);

    public static SegmentData Build(AtomicReader reader, FacetTermTable table, PriceRanges priceRanges)
    {
        var maxDoc = reader.MaxDoc;
        var ids = ReadLongs(reader, ProductFields.ProductIdValue, maxDoc);
        var prices = ReadLongs(reader, ProductFields.Price, maxDoc);
        var created = ReadLongs(reader, ProductFields.Created, maxDoc);
        var popularityBits = ReadLongs(reader, ProductFields.Popularity, maxDoc);
        var inStockValues = ReadLongs(reader, ProductFields.InStock, maxDoc);
        var popularity = new float[maxDoc];
        var inStock = new bool[maxDoc];
        var priceBuckets = new byte[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            priceBuckets[doc] = checked((byte)priceRanges.IndexOf(prices[doc]));
            popularity[doc] = (float)BitConverter.Int64BitsToDouble(popularityBits[doc]);
            inStock[doc] = inStockValues[doc] != 0;
        }

        var kinds = Enum.GetValues<FacetKind>().Length;
        var starts = Enumerable.Range(0, kinds).Select(_ => new int[maxDoc + 1]).ToArray();
        var lists = Enumerable.Range(0, kinds).Select(k => new List<int>(k == (int)FacetKind.Attribute ? maxDoc * 8 : maxDoc * 2)).ToArray();
        var values = reader.GetSortedSetDocValues(ProductFields.Facets);
        if (values is not null)
        {
            var globalByOrd = new int[values.ValueCount];
            var kindByOrd = new int[values.ValueCount];
            var scratch = new BytesRef();
            for (var ord = 0; ord < globalByOrd.Length; ord++)
            {
                values.LookupOrd(ord, scratch);
                var (key, available) = FacetTerm.SplitAvailability(scratch.Utf8ToString());
                var id = table.Intern(key);
                globalByOrd[ord] = available ? id : ~id;
                kindByOrd[ord] = (int)FacetTerm.KindOf(key);
            }
            for (var doc = 0; doc < maxDoc; doc++)
            {
                for (var k = 0; k < kinds; k++) starts[k][doc] = lists[k].Count;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                {
                    var kind = kindByOrd[ord];
                    AddDistinct(lists[kind], starts[kind][doc], globalByOrd[ord]);
                }
            }
        }
        for (var k = 0; k < kinds; k++) starts[k][maxDoc] = lists[k].Count;

        return new SegmentData
        {
            ProductIds = ids, Prices = prices, Popularity = popularity, Created = created, InStock = inStock, PriceBuckets = priceBuckets,
            ByKind = Enumerable.Range(0, kinds).Select(k => new TermLists(starts[k], [.. lists[k]])).ToArray(),
        };
    }

    /// <summary>A value both available (one option) and not (an attribute, another spelling) counts once, as available.</summary>
    private static void AddDistinct(List<int> terms, int docStart, int value)
    {
        var id = value < 0 ? ~value : value;
        for (var i = docStart; i < terms.Count; i++)
        {
            var existing = terms[i] < 0 ? ~terms[i] : terms[i];
            if (existing != id) continue;
            if (value >= 0) terms[i] = value;
            return;
        }
        terms.Add(value);
    }

    private static long[] ReadLongs(AtomicReader reader, string field, int maxDoc)
    {
        var result = new long[maxDoc];
        var values = reader.GetNumericDocValues(field);
        if (values is null) return result;
        for (var doc = 0; doc < maxDoc; doc++) result[doc] = values.Get(doc);
        return result;
    }
}

/// <summary>The per-engine cache of <see cref="SegmentData"/>, keyed weakly by segment core so merged-away segments are collected.</summary>
internal sealed class SegmentDataCache(FacetTermTable table, PriceRanges priceRanges)
{
    private readonly ConditionalWeakTable<object, Lazy<SegmentData>> cache = new();

    public FacetTermTable Table { get; } = table;

    public long MemoryBytes => cache.Sum(entry => entry.Value.IsValueCreated ? entry.Value.Value.MemoryBytes : 0);

    public SegmentData Get(AtomicReader reader) =>
        cache.GetValue(reader.CoreCacheKey, _ => new Lazy<SegmentData>(() => SegmentData.Build(reader, Table, priceRanges))).Value;
}
