using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Marketplace.Api.Search.Lucene;

/// <summary>The analysis of <see cref="SearchText"/>: English for text fields, the same chain unstemmed for the spelling dictionary.</summary>
internal static class SearchAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Standard tokenizer, possessive removal, lower case, English stop words, Porter stemming.</summary>
    public static Analyzer English { get; } = new EnglishAnalyzer(Version);

    /// <summary>The English chain without stemming: the words a buyer types, for did-you-mean and typo detection.</summary>
    public static Analyzer Words { get; } = new WordsAnalyzer(stem: false);

    /// <summary>Each query word twice: as typed (keyword-marked) and then stemmed, so one pass yields both.</summary>
    public static Analyzer QueryWords { get; } = new WordsAnalyzer(stem: true);

    public static Analyzer Index { get; } = new PerFieldAnalyzerWrapper(English,
        new Dictionary<string, Analyzer> { [ProductFields.Words] = Words });

    /// <summary>The stems of a phrase, as the index holds them.</summary>
    public static IReadOnlyList<string> Stems(string text)
    {
        var stems = new List<string>();
        using var stream = English.GetTokenStream(ProductFields.Title, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken()) stems.Add(term.ToString());
        stream.End();
        return stems;
    }

    private sealed class WordsAnalyzer(bool stem) : Analyzer
    {
        protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream result = new StandardFilter(Version, source);
            result = new EnglishPossessiveFilter(Version, result);
            result = new LowerCaseFilter(Version, result);
            result = new StopFilter(Version, result, EnglishAnalyzer.DefaultStopSet);
            if (stem) result = new PorterStemFilter(new KeywordRepeatFilter(result));
            return new TokenStreamComponents(source, result);
        }
    }
}
