using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// Did-you-mean: each word the index lacks is replaced by the closest word of the spelling dictionary
/// (<see cref="ProductFields.Words"/>) within <see cref="SearchText.AllowedEdits"/>, the most frequent on ties.
/// Lucene.Net's DirectSpellChecker lives in the Suggest package we do not ship, so this walks the same fuzzy automaton.
/// </summary>
internal static class SpellingCorrector
{
    public static string? Correct(IReadOnlyList<QueryWord> words, IndexReader reader)
    {
        if (words.All(w => w.Known)) return null;
        var corrected = new List<string>(words.Count);
        var changed = false;
        foreach (var word in words)
        {
            var replacement = word.Known ? null : Closest(word.Raw, reader);
            changed |= replacement is not null;
            corrected.Add(replacement ?? word.Raw);
        }
        return changed ? string.Join(' ', corrected) : null;
    }

    private static string? Closest(string word, IndexReader reader)
    {
        var edits = SearchText.AllowedEdits(word.Length);
        if (edits == 0) return null;
        var frequencies = new Dictionary<string, int>(StringComparer.Ordinal);
        // Shared by the segments, so the word's Levenshtein automata are built once, not per segment.
        var automata = new AttributeSource();
        foreach (var leaf in reader.Leaves)
        {
            var terms = leaf.AtomicReader.GetTerms(ProductFields.Words);
            if (terms is null) continue;
            var candidates = new FuzzyTermsEnum(terms, automata, new Term(ProductFields.Words, word), edits, 0, true);
            while (candidates.MoveNext())
            {
                var candidate = candidates.Term.Utf8ToString();
                frequencies[candidate] = frequencies.GetValueOrDefault(candidate) + candidates.DocFreq;
            }
        }
        return frequencies
            .Select(c => (Word: c.Key, Frequency: c.Value, Distance: EditDistance(word, c.Key)))
            .Where(c => c.Distance <= edits)
            .OrderBy(c => c.Distance).ThenByDescending(c => c.Frequency).ThenBy(c => c.Word, StringComparer.Ordinal)
            .Select(c => c.Word)
            .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        for (var j = 1; j <= b.Length; j++)
        {
            var cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }
}
