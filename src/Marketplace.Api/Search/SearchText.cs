namespace Marketplace.Api.Search;

/// <summary>
/// The analysis both engines apply, named once so they stay equal. Text fields (title, description, brand, category
/// names, attribute and option values) are analysed as English: standard tokenizer, English possessive removal
/// ("women's" → "women"), lower case, English stop words, Porter stemming. Synonyms from
/// <see cref="SearchOptions.SynonymsFile"/> apply at query time only, so changing them needs no reindex.
/// Keyword fields (brand, seller handle, attribute and option names and values used by filters and facets) are
/// lower-cased exact values.
/// </summary>
public static class SearchText
{
    /// <summary>Buyers' words as plain text: control characters dropped, whitespace collapsed; null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        if (text is null) return null;
        var builder = new System.Text.StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>The key a filter or facet value is stored and matched under: trimmed, lower case.</summary>
    public static string Key(string value) => value.Trim().ToLowerInvariant();

    /// <summary>Edits a query term may be off by: none under 4 characters, one up to 7, two beyond.</summary>
    public static int AllowedEdits(int termLength) => termLength < 4 ? 0 : termLength <= 7 ? 1 : 2;
}
