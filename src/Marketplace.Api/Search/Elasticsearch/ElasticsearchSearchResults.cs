using System.Globalization;
using System.Text.Json;

namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>Reads a _search response built by <see cref="ElasticsearchSearchQuery"/> back into a <see cref="SearchResponse"/>.</summary>
public sealed class ElasticsearchSearchResults(PriceRanges priceRanges)
{
    public SearchResponse Read(JsonElement root, SearchRequest request)
    {
        var hits = root.GetProperty("hits");
        var total = hits.TryGetProperty("total", out var totalElement) && totalElement.ValueKind == JsonValueKind.Object
            ? totalElement.GetProperty("value").GetInt64()
            : 0;

        var results = new List<SearchHit>();
        foreach (var hit in hits.GetProperty("hits").EnumerateArray())
        {
            var score = hit.TryGetProperty("_score", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetSingle() : 0f;
            var productId = long.Parse(hit.GetProperty("_id").GetString()!, CultureInfo.InvariantCulture);
            results.Add(new SearchHit(productId, score, Highlights(hit))
            {
                MatchedBoosts = MatchedBoosts(hit),
                Pinned = request.Personalization?.Pinned.Contains(productId) ?? false,
            });
        }

        var facets = request.IncludeFacets && root.TryGetProperty("aggregations", out var aggregations)
            ? Facets(aggregations, FacetSelections.From(request.Filter))
            : [];
        return new SearchResponse(total, results, facets, DidYouMean(root, request.Text));
    }

    private static IReadOnlyList<int> MatchedBoosts(JsonElement hit)
    {
        if (!hit.TryGetProperty("matched_queries", out var names) || names.ValueKind != JsonValueKind.Array) return [];
        var matched = new List<int>();
        foreach (var name in names.EnumerateArray())
            if (name.GetString() is { } text && text.StartsWith(ElasticsearchSearchQuery.BoostQueryPrefix, StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(ElasticsearchSearchQuery.BoostQueryPrefix.Length), CultureInfo.InvariantCulture, out var index))
                matched.Add(index);
        matched.Sort();
        return matched;
    }

    private static List<SearchHighlight> Highlights(JsonElement hit)
    {
        var highlights = new List<SearchHighlight>();
        if (!hit.TryGetProperty("highlight", out var highlight)) return highlights;
        foreach (var field in highlight.EnumerateObject())
            highlights.Add(new SearchHighlight(field.Name, field.Value.EnumerateArray().Select(f => f.GetString()!).ToList()));
        return highlights;
    }

    private List<SearchFacet> Facets(JsonElement aggregations, FacetSelections selections)
    {
        var facets = new List<SearchFacet>();
        void Add(string name, IEnumerable<SearchFacetValue> values)
        {
            var ordered = values.Where(v => v.Count > 0).OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).ToList();
            if (ordered.Count > 0) facets.Add(new SearchFacet(name, ordered));
        }

        Add(FacetNames.Category, Merge(Buckets(aggregations, FacetNames.Category).Select(b => SplitKeyAndLabel(b))));
        Add(FacetNames.Brand, Merge(Buckets(aggregations, FacetNames.Brand).Select(b => (SearchText.Key(b.Key), b.Key.Trim(), b.Count))));
        Add(FacetNames.Seller, Merge(Buckets(aggregations, FacetNames.Seller).Select(b => SplitKeyAndLabel(b))));
        Add(FacetNames.Price, Buckets(aggregations, FacetNames.Price).Select(b => new SearchFacetValue(b.Key, PriceLabel(b.Key), b.Count)));

        // Labels are "size=M": the lower-cased name, then the value as written.
        var attributeBuckets = Buckets(aggregations, ElasticsearchSearchQuery.AttributesAggregation)
            .Select(Attribute)
            .Where(a => !selections.AttributeNames.Contains(a.Name))
            .ToList();
        for (var i = 0; i < selections.AttributeNames.Count; i++)
            attributeBuckets.AddRange(Buckets(aggregations, ElasticsearchSearchQuery.AttributeAggregation(i))
                .Select(Attribute)
                .Where(a => a.Name == selections.AttributeNames[i]));
        foreach (var byName in attributeBuckets.GroupBy(a => a.Name).OrderBy(g => g.Key, StringComparer.Ordinal))
            Add(byName.Key, Merge(byName.Select(a => (SearchText.Key(a.Label), a.Label, a.Count))));

        return facets;
    }

    private static (string Name, string Label, long Count) Attribute((string Key, long Count) bucket)
    {
        var separator = bucket.Key.IndexOf('=');
        return separator < 0 ? (bucket.Key, bucket.Key, bucket.Count) : (bucket.Key[..separator], bucket.Key[(separator + 1)..], bucket.Count);
    }

    /// <summary>Category and seller facets are stored as "key=Label" (slug or handle, then the name).</summary>
    private static (string Value, string Label, long Count) SplitKeyAndLabel((string Key, long Count) bucket)
    {
        var separator = bucket.Key.IndexOf('=');
        return separator < 0 ? (bucket.Key, bucket.Key, bucket.Count) : (bucket.Key[..separator], bucket.Key[(separator + 1)..], bucket.Count);
    }

    /// <summary>
    /// Spellings of one value ("Nike", "NIKE") come back as separate buckets over disjoint products (a document holds
    /// each key once), so their counts add up; the label is the spelling most products use.
    /// </summary>
    private static IEnumerable<SearchFacetValue> Merge(IEnumerable<(string Value, string Label, long Count)> buckets) =>
        buckets.GroupBy(b => b.Value).Select(g => new SearchFacetValue(
            g.Key,
            g.OrderByDescending(b => b.Count).ThenBy(b => b.Label, StringComparer.Ordinal).First().Label,
            g.Sum(b => b.Count)));

    private string PriceLabel(string value) => priceRanges.Buckets.FirstOrDefault(b => b.Value == value)?.Label ?? value;

    /// <summary>The buckets of <c>{name}.values</c>, the terms or range aggregation inside the dimension's filter aggregation.</summary>
    private static IEnumerable<(string Key, long Count)> Buckets(JsonElement aggregations, string name)
    {
        if (!aggregations.TryGetProperty(name, out var filtered)) yield break;
        if (!filtered.TryGetProperty(ElasticsearchSearchQuery.FacetValuesAggregation, out var values)) yield break;
        foreach (var bucket in values.GetProperty("buckets").EnumerateArray())
        {
            var key = bucket.GetProperty("key");
            yield return (key.ValueKind == JsonValueKind.String ? key.GetString()! : key.GetRawText(), bucket.GetProperty("doc_count").GetInt64());
        }
    }

    private static string? DidYouMean(JsonElement root, string? text)
    {
        if (!root.TryGetProperty("suggest", out var suggest)
            || !suggest.TryGetProperty(ElasticsearchSearchQuery.DidYouMeanSuggester, out var entries))
            return null;
        foreach (var entry in entries.EnumerateArray())
        foreach (var option in entry.GetProperty("options").EnumerateArray())
        {
            if (option.TryGetProperty("collate_match", out var matches) && matches.ValueKind == JsonValueKind.False) continue;
            var suggestion = option.GetProperty("text").GetString();
            var original = ElasticsearchSearchQuery.NormalizeText(text);
            if (!string.IsNullOrWhiteSpace(suggestion) && !string.Equals(suggestion, original, StringComparison.OrdinalIgnoreCase))
                return suggestion;
        }
        return null;
    }
}
