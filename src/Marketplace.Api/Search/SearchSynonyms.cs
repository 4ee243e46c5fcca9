namespace Marketplace.Api.Search;

/// <summary>The synonym rules both engines apply at query time, in Solr's format ("tee, t-shirt, tshirt"), comments and blanks dropped.</summary>
public sealed class SearchSynonyms(IReadOnlyList<string> rules)
{
    public IReadOnlyList<string> Rules { get; } = rules;

    public static SearchSynonyms Load(string path)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(AppContext.BaseDirectory, path);
        if (!File.Exists(full)) throw new FileNotFoundException($"The search synonyms file '{full}' does not exist (Search:SynonymsFile).", full);
        return new SearchSynonyms(File.ReadLines(full)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList());
    }
}
