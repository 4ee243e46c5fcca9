using System.Text.RegularExpressions;

namespace Marketplace.Api.Personalization;

public enum IntentKind { Gender, Color, Size, Category }

/// <summary>What a query's words say the searcher wants: <c>women</c> from "ladies", <c>black</c>, size <c>XL</c>, the shorts categories.</summary>
public sealed record IntentSignal(IntentKind Kind, string Value, string Matched);

public sealed record QueryIntent(IReadOnlyList<IntentSignal> Signals, string RemainingText)
{
    public IEnumerable<string> ValuesOf(IntentKind kind) => Signals.Where(s => s.Kind == kind).Select(s => s.Value).Distinct();
}

/// <summary>
/// The catalog's own words for intent: the gender, color and size values its products and variants carry, and its
/// category names. Gender words people type (womens, ladies, female, mens, male, …) map onto the catalog's values.
/// </summary>
public sealed class QueryIntentVocabulary
{
    private static readonly Dictionary<string, string> GenderWords = new(StringComparer.Ordinal)
    {
        ["women"] = "women", ["woman"] = "women", ["womens"] = "women", ["women's"] = "women", ["woman's"] = "women",
        ["ladies"] = "women", ["lady"] = "women", ["ladies'"] = "women", ["female"] = "women", ["her"] = "women",
        ["men"] = "men", ["man"] = "men", ["mens"] = "men", ["men's"] = "men", ["man's"] = "men",
        ["male"] = "men", ["gents"] = "men", ["him"] = "men",
    };

    public QueryIntentVocabulary(IEnumerable<string> genders, IEnumerable<string> colors, IEnumerable<string> sizes, IEnumerable<(string Slug, string Name)> categories)
    {
        var known = genders.Select(Normalize).ToHashSet();
        Genders = GenderWords.Where(w => known.Contains(w.Value)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        Colors = colors.Select(Normalize).Where(c => c.Length > 0).ToHashSet();
        Sizes = sizes.Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0).ToHashSet();
        Categories = categories.GroupBy(c => Singular(Normalize(c.Name)))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(c => c.Slug).Order(StringComparer.Ordinal)], StringComparer.Ordinal);
    }

    public IReadOnlyDictionary<string, string> Genders { get; }
    public IReadOnlySet<string> Colors { get; }
    public IReadOnlySet<string> Sizes { get; }

    /// <summary>Category slugs by name, singular and lower case ("short" → women-shorts, men-shorts).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Categories { get; }

    public static string Normalize(string text) => text.Trim().ToLowerInvariant().Replace('’', '\'');

    /// <summary>A plain English singular, enough to meet "shorts" with "Shorts" and "tee" with "tees".</summary>
    public static string Singular(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 ? word[..^3] + "y"
        : word.EndsWith("es", StringComparison.Ordinal) && (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal)) ? word[..^2]
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 ? word[..^1]
        : word;
}

/// <summary>Finds intent in a query: gender words, the catalog's colors (longest phrase first), sizes, category names.</summary>
public static partial class QueryIntentParser
{
    private const int LongestPhrase = 3;

    public static QueryIntent Parse(string? query, QueryIntentVocabulary vocabulary)
    {
        if (string.IsNullOrWhiteSpace(query)) return new QueryIntent([], "");
        var words = Words().Matches(QueryIntentVocabulary.Normalize(query))
            .Select(m => m.Value.EndsWith("'s", StringComparison.Ordinal) ? m.Value : m.Value.Trim('\''))
            .Where(w => w.Length > 0).ToList();
        var signals = new List<IntentSignal>();
        var used = new bool[words.Count];
        // Gender and size words say what to rank up, not what to match; colors and categories stay words of the search.
        var removed = new bool[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            if (used[i]) continue;
            if (vocabulary.Genders.TryGetValue(words[i], out var gender))
            {
                signals.Add(new IntentSignal(IntentKind.Gender, gender, words[i]));
                used[i] = removed[i] = true;
                continue;
            }
            // A size is a size only when it cannot be an ordinary word: "XL", "XXL", or after "size" ("size m", "size 9").
            var afterSize = i > 0 && words[i - 1] == "size";
            var upper = words[i].ToUpperInvariant();
            if (vocabulary.Sizes.Contains(upper) && (afterSize || (upper.Length >= 2 && !upper.All(char.IsDigit))))
            {
                signals.Add(new IntentSignal(IntentKind.Size, upper, words[i]));
                used[i] = removed[i] = true;
                if (afterSize) used[i - 1] = removed[i - 1] = true;
                continue;
            }
            for (var length = Math.Min(LongestPhrase, words.Count - i); length >= 1; length--)
            {
                var phrase = string.Join(' ', words.Skip(i).Take(length));
                if (!vocabulary.Colors.Contains(phrase)) continue;
                signals.Add(new IntentSignal(IntentKind.Color, phrase, phrase));
                for (var k = i; k < i + length; k++) used[k] = true;
                break;
            }
        }
        // Categories last, and they keep their words in the text: "shorts" is both a category and what to search for.
        for (var i = 0; i < words.Count; i++)
            if (!used[i] && vocabulary.Categories.TryGetValue(QueryIntentVocabulary.Singular(words[i]), out var slugs))
                signals.AddRange(slugs.Select(slug => new IntentSignal(IntentKind.Category, slug, words[i])));
        var remaining = string.Join(' ', words.Where((_, i) => !removed[i]));
        return new QueryIntent(signals, remaining);
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Words();
}
