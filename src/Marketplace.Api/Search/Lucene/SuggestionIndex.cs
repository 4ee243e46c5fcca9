using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// Typeahead in memory: distinct titles, brands, categories and popular queries, deduplicated case-insensitively
/// (the heaviest spelling wins), with every word start of each entry in one array sorted by the text from there on.
/// A prefix is a binary search plus a scan of its range keeping the heaviest entries. Built from a searcher's reader;
/// the engine rebuilds it when the reader or the popular queries change.
/// </summary>
internal sealed class SuggestionIndex
{
    private sealed record Entry(string Text, string Lower, SuggestionKind Kind, string? Key, double Weight);

    private const int BroadPrefixRange = 20_000;
    private const int MaxCachedFirst = 50;

    private readonly Entry[] entries;
    private readonly int[] startEntries;
    private readonly int[] startOffsets;
    private readonly ConcurrentDictionary<(string Prefix, int First), IReadOnlyList<Suggestion>> broadPrefixes = new();

    private SuggestionIndex(Entry[] entries)
    {
        this.entries = entries;
        var starts = new List<(int Entry, int Offset)>();
        for (var e = 0; e < entries.Length; e++)
        {
            var lower = entries[e].Lower;
            for (var i = 0; i < lower.Length; i++)
                if (char.IsLetterOrDigit(lower[i]) && (i == 0 || !char.IsLetterOrDigit(lower[i - 1]))) starts.Add((e, i));
        }
        var sorted = starts.ToArray();
        Array.Sort(sorted, (a, b) => string.CompareOrdinal(entries[a.Entry].Lower, a.Offset, entries[b.Entry].Lower, b.Offset, int.MaxValue));
        startEntries = sorted.Select(s => s.Entry).ToArray();
        startOffsets = sorted.Select(s => s.Offset).ToArray();
    }

    public int Count => entries.Length;

    public static SuggestionIndex Build(IndexReader reader, SegmentDataCache segments, FacetTermTable.Snapshot terms, IReadOnlyCollection<PopularQuery> queries)
    {
        var byText = new Dictionary<string, Entry>(StringComparer.Ordinal);
        void Add(string text, SuggestionKind kind, string? key, double weight)
        {
            text = text.Trim();
            if (text.Length == 0) return;
            var lower = text.ToLowerInvariant();
            if (!byText.TryGetValue(lower, out var existing) || existing.Weight < weight)
                byText[lower] = new Entry(text, lower, kind, key, weight);
        }

        var termWeights = new double[terms.Terms.Length];
        var scratch = new BytesRef();
        foreach (var leaf in reader.Leaves)
        {
            var data = segments.Get(leaf.AtomicReader);
            var titles = leaf.AtomicReader.GetSortedDocValues(ProductFields.SuggestTitle);
            var live = leaf.AtomicReader.LiveDocs;
            var bestDocByTitle = titles is null ? [] : new int[titles.ValueCount];
            Array.Fill(bestDocByTitle, -1);
            for (var doc = 0; doc < leaf.AtomicReader.MaxDoc; doc++)
            {
                if (live is not null && !live.Get(doc)) continue;
                var popularity = data.Popularity[doc];
                foreach (var lists in new[] { data.ByKind[(int)FacetKind.Brand], data.ByKind[(int)FacetKind.Category] })
                    for (var i = lists.Starts[doc]; i < lists.Starts[doc + 1]; i++) termWeights[lists.Values[i]] += popularity;
                if (titles is null) continue;
                var ord = titles.GetOrd(doc);
                if (ord < 0) continue;
                var best = bestDocByTitle[ord];
                if (best < 0 || data.Popularity[doc] > data.Popularity[best]) bestDocByTitle[ord] = doc;
            }
            for (var ord = 0; ord < bestDocByTitle.Length; ord++)
            {
                var doc = bestDocByTitle[ord];
                if (doc < 0) continue;
                titles!.LookupOrd(ord, scratch);
                Add(scratch.Utf8ToString(), SuggestionKind.Product, data.ProductIds[doc].ToString(CultureInfo.InvariantCulture), data.Popularity[doc]);
            }
        }
        for (var id = 0; id < terms.Terms.Length; id++)
        {
            if (termWeights[id] <= 0) continue;
            var term = terms.Terms[id];
            if (term.Kind == FacetKind.Brand) Add(term.Label, SuggestionKind.Brand, null, termWeights[id]);
            else if (term.Kind == FacetKind.Category) Add(term.Label, SuggestionKind.Category, term.Value, termWeights[id]);
        }
        // Counts of searches and sums of product popularity are different scales: the most searched query is
        // weighted as the heaviest catalog entry, and the others in proportion, so buyers' own words rank among the rest.
        var heaviest = byText.Count == 0 ? 1 : byText.Values.Max(e => e.Weight);
        var mostSearched = queries.Count == 0 ? 1 : Math.Max(1, queries.Max(q => q.Count));
        foreach (var query in queries) Add(query.Query, SuggestionKind.Query, null, heaviest * query.Count / mostSearched);
        return new SuggestionIndex([.. byText.Values]);
    }

    public IReadOnlyList<Suggestion> Find(string prefix, int first)
    {
        prefix = prefix.Trim().ToLowerInvariant();
        if (prefix.Length == 0 || first <= 0) return [];
        if (broadPrefixes.TryGetValue((prefix, first), out var cached)) return cached;

        var low = 0;
        var high = startEntries.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (Compare(middle, prefix) < 0) low = middle + 1;
            else high = middle;
        }
        var best = new List<int>(first + 1);
        var i = low;
        for (; i < startEntries.Length && Compare(i, prefix) == 0; i++)
        {
            var entry = startEntries[i];
            if (best.Count == first && !Heavier(entry, best[^1])) continue;
            if (best.Contains(entry)) continue;
            var at = best.Count;
            while (at > 0 && Heavier(entry, best[at - 1])) at--;
            best.Insert(at, entry);
            if (best.Count > first) best.RemoveAt(first);
        }
        var suggestions = best.Select(e => new Suggestion(entries[e].Text, entries[e].Kind, entries[e].Key, entries[e].Weight)).ToList();
        // A short, common prefix ("s") spans much of the array; there are few such prefixes, so each is scanned once.
        if (i - low >= BroadPrefixRange && first <= MaxCachedFirst) broadPrefixes.TryAdd((prefix, first), suggestions);
        return suggestions;
    }


    private int Compare(int start, string prefix) =>
        string.CompareOrdinal(entries[startEntries[start]].Lower, startOffsets[start], prefix, 0, prefix.Length);

    private bool Heavier(int a, int b) =>
        entries[a].Weight > entries[b].Weight || (entries[a].Weight == entries[b].Weight && string.CompareOrdinal(entries[a].Lower, entries[b].Lower) < 0);
}
