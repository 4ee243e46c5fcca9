namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// <see cref="SearchSynonyms"/> as stem sequences, matched greedily (longest first) over a query's words. Lucene 4.8's
/// SynonymFilter flattens a multi-word synonym onto the positions of the words around it ("trainers" would need
/// "running" and "shoes" to follow), so the query builder expands whole phrases itself: each match becomes one
/// clause of alternatives, and a multi-word alternative requires all its words.
/// </summary>
internal sealed class QuerySynonyms
{
    private readonly Dictionary<string, List<string[]>> alternativesByPhrase = new(StringComparer.Ordinal);

    public int LongestPhrase { get; }

    public QuerySynonyms(SearchSynonyms synonyms)
    {
        foreach (var rule in synonyms.Rules)
        {
            var arrow = rule.IndexOf("=>", StringComparison.Ordinal);
            var inputs = Phrases(arrow < 0 ? rule : rule[..arrow]);
            // "a, b => c" replaces; "a, b, c" makes all three equivalent (Solr's expand=true).
            var outputs = arrow < 0 ? inputs : Phrases(rule[(arrow + 2)..]);
            foreach (var input in inputs)
            {
                var key = string.Join(' ', input);
                if (!alternativesByPhrase.TryGetValue(key, out var alternatives))
                    alternativesByPhrase.Add(key, alternatives = []);
                foreach (var output in outputs)
                    if (!alternatives.Any(a => a.SequenceEqual(output))) alternatives.Add(output);
                LongestPhrase = Math.Max(LongestPhrase, input.Length);
            }
        }
    }

    /// <summary>The alternatives of the phrase of stems, itself included unless a rule replaces it; null when no rule names it.</summary>
    public IReadOnlyList<string[]>? Find(IEnumerable<string> stems) =>
        alternativesByPhrase.TryGetValue(string.Join(' ', stems), out var alternatives) ? alternatives : null;

    private static List<string[]> Phrases(string list) =>
        list.Split(',')
            .Select(phrase => SearchAnalyzers.Stems(phrase.Replace("\\,", ",")).ToArray())
            .Where(stems => stems.Length > 0)
            .ToList();
}
