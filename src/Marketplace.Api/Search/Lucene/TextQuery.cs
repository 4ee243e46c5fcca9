using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Marketplace.Api.Search.Lucene;

/// <summary>A query word as typed (lower case, unstemmed) and as indexed (stemmed); known when the index has it.</summary>
internal sealed record QueryWord(string Raw, string Stem, bool Known);

/// <summary>
/// Lucene queries built from the analysed words of the buyer's text, never from query syntax, so any input is safe.
/// Every word (or synonym phrase) is a clause that must match in some field, best field wins (dis-max): title
/// above brand, category and attribute values above description. Unknown words also match their close spellings,
/// and the last one prefixes, both scored below exact matches; the words as a phrase in the title add a boost.
/// <see cref="Loose"/> wants any one clause, for when all of them find nothing.
/// </summary>
internal sealed class TextQuery
{
    /// <summary>Words beyond this are ignored: they add cost, not precision.</summary>
    public const int MaxWords = 32;

    private const float TitleBoost = 4f, BrandBoost = 2.5f, CategoryBoost = 2f, AttributeBoost = 2f, DescriptionBoost = 1f;
    private const float FuzzyBoost = 0.5f, PrefixBoost = 0.5f, SynonymBoost = 0.9f, PhraseBoost = 2f;
    private const int FuzzyExpansions = 10;
    private const float TieBreaker = 0.1f;

    public required IReadOnlyList<QueryWord> Words { get; init; }
    public required Query Strict { get; init; }
    public required Query Loose { get; init; }

    /// <summary>The words of the text, up to <see cref="MaxWords"/>; stop words and punctuation are dropped.</summary>
    public static IReadOnlyList<(string Raw, string Stem)> Analyze(string? text)
    {
        var words = new List<(string Raw, string Stem)>();
        if (string.IsNullOrWhiteSpace(text)) return words;
        var cleaned = string.Create(text.Length, text, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        });
        using var stream = SearchAnalyzers.QueryWords.GetTokenStream(ProductFields.Title, cleaned);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var keyword = stream.AddAttribute<IKeywordAttribute>();
        stream.Reset();
        string? raw = null;
        while (stream.IncrementToken())
        {
            if (keyword.IsKeyword)
            {
                raw = term.ToString();
                continue;
            }
            if (raw is null) continue;
            words.Add((raw, term.ToString()));
            raw = null;
            if (words.Count == MaxWords) break;
        }
        stream.End();
        return words;
    }

    public static TextQuery? Build(IReadOnlyList<(string Raw, string Stem)> analyzed, IndexReader reader, QuerySynonyms synonyms)
    {
        if (analyzed.Count == 0) return null;
        var words = analyzed.Select(w => new QueryWord(w.Raw, w.Stem, IsKnown(reader, w.Raw, w.Stem))).ToList();

        var clauses = new List<Query>();
        for (var i = 0; i < words.Count;)
        {
            var (length, alternatives) = LongestSynonym(words, i, synonyms);
            if (alternatives is null)
            {
                clauses.Add(WordQuery(words[i], isLast: i == words.Count - 1));
                i++;
                continue;
            }
            var unit = new DisjunctionMaxQuery(TieBreaker);
            var typed = words.Skip(i).Take(length).Select(w => w.Stem).ToArray();
            string[][] all = [typed, .. alternatives.Where(a => !a.SequenceEqual(typed))];
            // "short pants" adds nothing to "shorts": whatever has both words has the one, so it only costs time.
            bool Redundant(string[] phrase) => all.Any(other => other.Length < phrase.Length && other.All(phrase.Contains));
            unit.Add(AllWords(typed, 1f));
            foreach (var alternative in all.Skip(1))
                if (!Redundant(alternative)) unit.Add(AllWords(alternative, SynonymBoost));
            clauses.Add(unit);
            i += length;
        }

        var strict = new BooleanQuery();
        var loose = new BooleanQuery { MinimumNumberShouldMatch = 1 };
        foreach (var clause in clauses)
        {
            strict.Add(clause, Occur.MUST);
            loose.Add(clause, Occur.SHOULD);
        }
        if (words.Count > 1)
        {
            var phrase = new PhraseQuery { Slop = 1, Boost = PhraseBoost };
            foreach (var word in words) phrase.Add(new Term(ProductFields.Title, word.Stem));
            strict.Add(phrase, Occur.SHOULD);
            loose.Add(phrase, Occur.SHOULD);
        }
        return new TextQuery { Words = words, Strict = strict, Loose = loose };
    }

    /// <summary>Whether the index holds the word: typed as is in the spelling dictionary, or stemmed in a description.</summary>
    public static bool IsKnown(IndexReader reader, string raw, string stem) =>
        reader.DocFreq(new Term(ProductFields.Words, raw)) > 0 || reader.DocFreq(new Term(ProductFields.Description, stem)) > 0;

    private static (int Length, IReadOnlyList<string[]>? Alternatives) LongestSynonym(List<QueryWord> words, int start, QuerySynonyms synonyms)
    {
        for (var length = Math.Min(synonyms.LongestPhrase, words.Count - start); length >= 1; length--)
        {
            var alternatives = synonyms.Find(words.Skip(start).Take(length).Select(w => w.Stem));
            if (alternatives is not null) return (length, alternatives);
        }
        return (0, null);
    }

    private static Query WordQuery(QueryWord word, bool isLast)
    {
        var query = ExactWord(word.Stem, 1f);
        if (word.Known) return query;
        var edits = SearchText.AllowedEdits(word.Raw.Length);
        if (edits > 0)
        {
            query.Add(new FuzzyQuery(new Term(ProductFields.Title, word.Stem), edits, 1, FuzzyExpansions, true) { Boost = TitleBoost * FuzzyBoost });
            query.Add(new FuzzyQuery(new Term(ProductFields.AttributeText, word.Stem), edits, 1, FuzzyExpansions, true) { Boost = AttributeBoost * FuzzyBoost });
        }
        if (isLast && word.Raw.Length >= 3)
            query.Add(new PrefixQuery(new Term(ProductFields.Title, word.Raw)) { Boost = TitleBoost * PrefixBoost });
        return query;
    }

    private static DisjunctionMaxQuery ExactWord(string stem, float boost)
    {
        var query = new DisjunctionMaxQuery(TieBreaker) { Boost = boost };
        query.Add(new TermQuery(new Term(ProductFields.Title, stem)) { Boost = TitleBoost });
        query.Add(new TermQuery(new Term(ProductFields.Brand, stem)) { Boost = BrandBoost });
        query.Add(new TermQuery(new Term(ProductFields.Category, stem)) { Boost = CategoryBoost });
        query.Add(new TermQuery(new Term(ProductFields.AttributeText, stem)) { Boost = AttributeBoost });
        query.Add(new TermQuery(new Term(ProductFields.Description, stem)) { Boost = DescriptionBoost });
        return query;
    }

    private static Query AllWords(string[] stems, float boost)
    {
        if (stems.Length == 1) return ExactWord(stems[0], boost);
        var all = new BooleanQuery { Boost = boost };
        foreach (var stem in stems) all.Add(ExactWord(stem, 1f), Occur.MUST);
        return all;
    }
}
