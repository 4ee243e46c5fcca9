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
    public required int[] TermStarts { get; init; }
    public required int[] Terms { get; init; }

    public long MemoryBytes =>
        ProductIds.Length * 8L + Prices.Length * 8L + Popularity.Length * 4L + Created.Length * 8L + InStock.Length +
        TermStarts.Length * 4L + Terms.Length * 4L;

    public static SegmentData Build(AtomicReader reader, FacetTermTable table)
    {
        var maxDoc = reader.MaxDoc;
        var ids = ReadLongs(reader, ProductFields.ProductIdValue, maxDoc);
        var prices = ReadLongs(reader, ProductFields.Price, maxDoc);
        var created = ReadLongs(reader, ProductFields.Created, maxDoc);
        var popularityBits = ReadLongs(reader, ProductFields.Popularity, maxDoc);
        var inStockValues = ReadLongs(reader, ProductFields.InStock, maxDoc);
        var popularity = new float[maxDoc];
        var inStock = new bool[maxDoc];
        for (var doc = 0; doc < maxDoc; doc++)
        {
            popularity[doc] = (float)BitConverter.Int64BitsToDouble(popularityBits[doc]);
            inStock[doc] = inStockValues[doc] != 0;
        }

        var starts = new int[maxDoc + 1];
        var terms = new List<int>(maxDoc * 8);
        var values = reader.GetSortedSetDocValues(ProductFields.Facets);
        if (values is not null)
        {
            var globalByOrd = new int[values.ValueCount];
            var scratch = new BytesRef();
            for (var ord = 0; ord < globalByOrd.Length; ord++)
            {
                values.LookupOrd(ord, scratch);
                var (key, available) = FacetTerm.SplitAvailability(scratch.Utf8ToString());
                var id = table.Intern(key);
                globalByOrd[ord] = available ? id : ~id;
            }
            for (var doc = 0; doc < maxDoc; doc++)
            {
                starts[doc] = terms.Count;
                values.SetDocument(doc);
                long ord;
                while ((ord = values.NextOrd()) != SortedSetDocValues.NO_MORE_ORDS)
                    AddDistinct(terms, starts[doc], globalByOrd[ord]);
            }
        }
        starts[maxDoc] = terms.Count;

        return new SegmentData
        {
            ProductIds = ids, Prices = prices, Popularity = popularity, Created = created, InStock = inStock,
            TermStarts = starts, Terms = [.. terms],
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
internal sealed class SegmentDataCache(FacetTermTable table)
{
    private readonly ConditionalWeakTable<object, Lazy<SegmentData>> cache = new();

    public FacetTermTable Table { get; } = table;

    public SegmentData Get(AtomicReader reader) =>
        cache.GetValue(reader.CoreCacheKey, _ => new Lazy<SegmentData>(() => SegmentData.Build(reader, Table))).Value;
}
