using System.Text.Json;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>Typeahead: completion suggesters over product titles, brands and category names, and over the popular queries index.</summary>
public static class ElasticsearchSuggestions
{
    private const string Products = "products";
    private const string Brands = "brands";
    private const string Categories = "categories";
    private const string Queries = "queries";

    public static JsonObject ProductsBody(string prefix, int size) => new()
    {
        // Suggesters answer beside the hits; no hits are wanted.
        ["size"] = 0,
        // Category suggestions answer with the category's name; its slug is found in the facet entries.
        ["_source"] = new JsonArray("category_facets"),
        ["suggest"] = new JsonObject
        {
            [Products] = Completion(prefix, "suggest_title", size),
            [Brands] = Completion(prefix, "suggest_brand", size),
            [Categories] = Completion(prefix, "suggest_category", size),
        },
    };

    public static JsonObject PopularQueriesBody(string prefix, int size) => new()
    {
        ["size"] = 0,
        ["_source"] = false,
        ["suggest"] = new JsonObject { [Queries] = Completion(prefix, "suggest", size) },
    };

    private static JsonObject Completion(string prefix, string field, int size) => new()
    {
        ["prefix"] = prefix,
        ["completion"] = new JsonObject { ["field"] = field, ["size"] = size, ["skip_duplicates"] = true },
    };

    /// <summary>Most weighty first, one entry per text whatever its case (a product titled like its brand shows once).</summary>
    public static IReadOnlyList<Suggestion> Read(JsonElement products, JsonElement queries, int first)
    {
        var all = new List<Suggestion>();
        var scale = ElasticsearchProductIndex.SuggestionWeightScale;
        foreach (var option in Options(products, Products))
            all.Add(new Suggestion(Text(option), SuggestionKind.Product, option.GetProperty("_id").GetString(), Score(option) / scale));
        foreach (var option in Options(products, Brands))
            all.Add(new Suggestion(Text(option), SuggestionKind.Brand, null, Score(option) / scale));
        foreach (var option in Options(products, Categories))
            all.Add(new Suggestion(Text(option), SuggestionKind.Category, CategorySlug(option), Score(option) / scale));
        foreach (var option in Options(queries, Queries))
            all.Add(new Suggestion(Text(option), SuggestionKind.Query, null, Score(option)));

        return all
            .Where(s => s.Text.Length > 0)
            .OrderByDescending(s => s.Weight)
            .ThenBy(s => s.Kind)
            .ThenBy(s => s.Text, StringComparer.OrdinalIgnoreCase)
            .DistinctBy(s => s.Text.ToLowerInvariant())
            .Take(first)
            .ToList();
    }

    private static IEnumerable<JsonElement> Options(JsonElement response, string suggester)
    {
        if (response.ValueKind != JsonValueKind.Object
            || !response.TryGetProperty("suggest", out var suggest)
            || !suggest.TryGetProperty(suggester, out var entries))
            yield break;
        foreach (var entry in entries.EnumerateArray())
        foreach (var option in entry.GetProperty("options").EnumerateArray())
            yield return option;
    }

    private static string Text(JsonElement option) => option.GetProperty("text").GetString()?.Trim() ?? "";

    private static double Score(JsonElement option) =>
        option.TryGetProperty("_score", out var score) && score.ValueKind == JsonValueKind.Number ? score.GetDouble() : 0;

    private static string? CategorySlug(JsonElement option)
    {
        var name = Text(option);
        if (!option.TryGetProperty("_source", out var source) || !source.TryGetProperty("category_facets", out var facets)) return null;
        foreach (var facet in facets.EnumerateArray())
        {
            var entry = facet.GetString() ?? "";
            var separator = entry.IndexOf('=');
            if (separator > 0 && string.Equals(entry[(separator + 1)..].Trim(), name, StringComparison.OrdinalIgnoreCase))
                return entry[..separator];
        }
        return null;
    }
}
