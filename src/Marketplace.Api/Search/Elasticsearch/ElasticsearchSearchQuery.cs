using System.Text;
using System.Text.Json.Nodes;

namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>
/// Turns a <see cref="SearchRequest"/> into a _search body. The buyer's text only ever reaches match-family queries,
/// which analyse it as plain words, so "title:(*" or unbalanced quotes cannot be read as syntax.
/// <para>
/// Facets are disjunctive the usual Elasticsearch way: the query holds the text and the filters that are not facet
/// dimensions (in stock); each dimension's selection goes in <c>post_filter</c>, so it narrows the hits but not the
/// aggregations; and each dimension's aggregation sits in a <c>filter</c> aggregation applying every OTHER dimension's
/// selection. "Brand: A (12), B (7)" then counts what ticking B would add, whatever else is ticked.
/// </para>
/// </summary>
public sealed class ElasticsearchSearchQuery(PriceRanges priceRanges)
{
    /// <summary>Equals <see cref="SearchText.AllowedEdits"/>: exact under 4 characters, one edit up to 7, two beyond.</summary>
    public const string Fuzziness = "AUTO:4,8";

    public const string DidYouMeanSuggester = "did_you_mean";
    public const string AttributesAggregation = "attributes";
    public const string FacetValuesAggregation = "values";

    private const int TermsFacetSize = 100;
    private const int AllAttributesFacetSize = 1000;

    /// <param name="suggestCorrection">False for the search with the correction itself, which has nothing left to correct.</param>
    public JsonObject Build(SearchRequest request, bool suggestCorrection = true)
    {
        var text = NormalizeText(request.Text);
        var selections = FacetSelections.From(request.Filter);
        var disjunctive = request.IncludeFacets;

        var filters = new List<JsonNode>();
        if (request.Filter.InStockOnly) filters.Add(Term("in_stock", true));
        // Without facets there is nothing for post_filter to spare, and query filters are cheaper (cached, skip scoring).
        if (!disjunctive) filters.AddRange(selections.All.Select(s => s.Filter));

        var body = new JsonObject
        {
            ["from"] = Math.Max(0, request.Offset),
            ["size"] = Math.Max(0, request.Limit),
            ["track_total_hits"] = true,
            ["_source"] = false,
            ["query"] = text is null ? BrowseQuery(filters) : TextQuery(text, filters),
            ["sort"] = Sort(request.Sort),
        };
        if (request.Personalization is { } personalization && request.Sort == SearchSort.Relevance)
            body["query"] = Personalized(body["query"]!, personalization, browsing: text is null);
        if (disjunctive && selections.All.Count > 0) body["post_filter"] = AllOf(selections.All.Select(s => s.Filter));
        if (request.IncludeFacets) body["aggs"] = Aggregations(selections, request.Filter.InStockOnly);
        if (text is not null && request.IncludeHighlights) body["highlight"] = Highlight();
        if (text is not null && suggestCorrection) body["suggest"] = DidYouMean(text);
        return body;
    }

    public static string? NormalizeText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var joined = string.Join(' ', words.Select(w => new string(w.Where(c => !char.IsControl(c)).ToArray())).Where(w => w.Length > 0));
        return joined.Length == 0 ? null : joined;
    }

    private static JsonNode BrowseQuery(List<JsonNode> filters) =>
        filters.Count == 0
            ? new JsonObject { ["match_all"] = new JsonObject() }
            : new JsonObject { ["bool"] = new JsonObject { ["filter"] = Array(filters) } };

    private static JsonNode TextQuery(string text, List<JsonNode> filters)
    {
        var relevance = new JsonObject
        {
            // Every word must be found somewhere: whole words (stemmed, fuzzy, with synonyms), or all but the last
            // with the last as a prefix of an unstemmed word, for the buyer still typing.
            ["must"] = new JsonArray(new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["should"] = new JsonArray(
                        new JsonObject
                        {
                            ["match"] = new JsonObject
                            {
                                ["search_text"] = new JsonObject { ["query"] = text, ["operator"] = "and", ["fuzziness"] = Fuzziness },
                            },
                        },
                        new JsonObject
                        {
                            ["match_bool_prefix"] = new JsonObject
                            {
                                ["search_plain"] = new JsonObject { ["query"] = text, ["operator"] = "and", ["fuzziness"] = Fuzziness },
                            },
                        }),
                    ["minimum_should_match"] = 1,
                },
            }),
            // Where the words are found decides the order.
            ["should"] = new JsonArray(
                new JsonObject
                {
                    ["multi_match"] = new JsonObject
                    {
                        ["query"] = text,
                        ["type"] = "best_fields",
                        ["fields"] = new JsonArray("title^3", "brand^2", "category_names^2", "attribute_values^2", "description"),
                        ["tie_breaker"] = 0.3,
                        ["fuzziness"] = Fuzziness,
                    },
                },
                new JsonObject
                {
                    ["match_phrase"] = new JsonObject
                    {
                        ["title"] = new JsonObject { ["query"] = text, ["slop"] = 1, ["boost"] = 2 },
                    },
                }),
        };
        if (filters.Count > 0) relevance["filter"] = Array(filters);

        return new JsonObject
        {
            ["function_score"] = new JsonObject
            {
                ["query"] = new JsonObject { ["bool"] = relevance },
                // Popularity nudges, it does not outrank: log10(1 + 0.1 × popularity) is added to the text score.
                ["functions"] = new JsonArray(new JsonObject
                {
                    ["field_value_factor"] = new JsonObject
                    {
                        ["field"] = "popularity",
                        ["factor"] = 0.1,
                        ["modifier"] = "log1p",
                        ["missing"] = 0,
                    },
                }),
                ["boost_mode"] = "sum",
            },
        };
    }

    /// <summary>The prefix of the named clause that reports a hit matched boost i (its <c>matched_queries</c>).</summary>
    public const string BoostQueryPrefix = "boost-";

    private const double PinnedWeight = 1e6;

    /// <summary>
    /// The caller's boosts as a multiplying function score (the product of 1 + weight over the boosts a product
    /// matches, as the embedded engine does), with each boost also a named zero-scoring clause so the hit says which
    /// it matched. Browsing bends popularity instead of a text score.
    /// </summary>
    private static JsonObject Personalized(JsonNode query, SearchPersonalization personalization, bool browsing)
    {
        var named = new JsonArray();
        var functions = new JsonArray();
        if (browsing)
            functions.Add(new JsonObject { ["field_value_factor"] = new JsonObject { ["field"] = "popularity", ["missing"] = 0 } });
        for (var i = 0; i < personalization.Boosts.Count; i++)
        {
            var filter = BoostFilter(personalization.Boosts[i]);
            named.Add(new JsonObject { ["bool"] = new JsonObject { ["filter"] = new JsonArray(filter.DeepClone()), ["_name"] = BoostQueryPrefix + i } });
            functions.Add(new JsonObject { ["filter"] = filter, ["weight"] = Math.Max(0, 1 + personalization.Boosts[i].Weight) });
        }
        var pinned = personalization.Pinned.Distinct().ToList();
        for (var rank = 0; rank < pinned.Count; rank++)
            functions.Add(new JsonObject
            {
                ["filter"] = new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray(pinned[rank].ToString(System.Globalization.CultureInfo.InvariantCulture)) } },
                ["weight"] = PinnedWeight * (pinned.Count - rank),
            });
        var inner = new JsonObject { ["bool"] = new JsonObject { ["must"] = new JsonArray(query.DeepClone()), ["should"] = named } };
        return new JsonObject
        {
            ["function_score"] = new JsonObject
            {
                ["query"] = inner,
                ["functions"] = functions,
                ["score_mode"] = "multiply",
                ["boost_mode"] = "multiply",
            },
        };
    }

    private static JsonObject BoostFilter(SearchBoost boost) => boost.Target switch
    {
        BoostTarget.Category => Term("category_slugs", boost.Value.Trim()),
        BoostTarget.Brand => Term("brand.keyword", SearchText.Key(boost.Value)),
        BoostTarget.Seller => Term("seller_handles", SearchText.Key(boost.Value)),
        BoostTarget.Attribute => Term("facets_attr_in_stock", ElasticsearchProductIndex.FacetKey(boost.AttributeName ?? "", boost.Value)),
        BoostTarget.Product => new JsonObject { ["ids"] = new JsonObject { ["values"] = new JsonArray(boost.Value.Trim()) } },
        _ => PriceRange(boost.MinPriceMinor, boost.MaxPriceMinor),
    };

    private static JsonObject PriceRange(long? min, long? max)
    {
        var range = new JsonObject();
        if (min is { } from) range["gte"] = from;
        if (max is { } to) range["lt"] = to;
        return new JsonObject { ["range"] = new JsonObject { ["price_minor"] = range } };
    }

    private static JsonArray Sort(SearchSort sort) => sort switch
    {
        SearchSort.PriceAsc => [By("price_minor", "asc"), By("product_id", "asc")],
        SearchSort.PriceDesc => [By("price_minor", "desc"), By("product_id", "asc")],
        SearchSort.Newest => [By("created_at", "desc"), By("product_id", "desc")],
        SearchSort.Popularity => [By("popularity", "desc"), By("product_id", "asc")],
        _ => [By("_score", "desc"), By("popularity", "desc"), By("product_id", "asc")],
    };

    private static JsonObject By(string field, string order) => new() { [field] = new JsonObject { ["order"] = order } };

    private JsonObject Aggregations(FacetSelections selections, bool inStockOnly)
    {
        var labels = inStockOnly ? "facet_labels_in_stock" : "facet_labels";
        var aggs = new JsonObject
        {
            [FacetNames.Category] = Facet(selections, FacetNames.Category, Terms("category_facets", TermsFacetSize * 2)),
            [FacetNames.Brand] = Facet(selections, FacetNames.Brand, Terms("brand.raw", TermsFacetSize)),
            [FacetNames.Seller] = Facet(selections, FacetNames.Seller, Terms("seller_facets", TermsFacetSize)),
            [FacetNames.Price] = Facet(selections, FacetNames.Price, PriceRangesAggregation()),
            // Attribute names nobody selected share one aggregation under every selection ...
            [AttributesAggregation] = Facet(selections, dimension: null, Terms(labels, AllAttributesFacetSize)),
        };
        // ... and each selected name gets its own, ignoring its own selection.
        for (var i = 0; i < selections.AttributeNames.Count; i++)
        {
            var name = selections.AttributeNames[i];
            var terms = Terms(labels, TermsFacetSize);
            terms["terms"]!["include"] = $"{EscapeRegex(name)}=.*";
            aggs[AttributeAggregation(i)] = Facet(selections, FacetSelections.AttributeDimension(name), terms);
        }
        return aggs;
    }

    /// <summary>Aggregation names cannot hold every character an attribute name can, so selected names go by position.</summary>
    public static string AttributeAggregation(int index) => $"attribute_{index}";

    private static JsonObject Facet(FacetSelections selections, string? dimension, JsonObject values) => new()
    {
        ["filter"] = AllOf(selections.All.Where(s => s.Dimension != dimension).Select(s => s.Filter)),
        ["aggs"] = new JsonObject { [FacetValuesAggregation] = values },
    };

    private static JsonObject Terms(string field, int size) => new()
    {
        ["terms"] = new JsonObject { ["field"] = field, ["size"] = size },
    };

    private JsonObject PriceRangesAggregation()
    {
        var ranges = new JsonArray();
        foreach (var bucket in priceRanges.Buckets)
        {
            var range = new JsonObject { ["key"] = bucket.Value, ["from"] = bucket.FromMinor };
            if (bucket.ToMinor is { } to) range["to"] = to;
            ranges.Add(range);
        }
        return new JsonObject { ["range"] = new JsonObject { ["field"] = "price_minor", ["ranges"] = ranges } };
    }

    private static JsonObject Highlight() => new()
    {
        ["encoder"] = "html",
        ["pre_tags"] = new JsonArray("<em>"),
        ["post_tags"] = new JsonArray("</em>"),
        ["fields"] = new JsonObject
        {
            ["title"] = new JsonObject { ["number_of_fragments"] = 0 },
            ["description"] = new JsonObject { ["fragment_size"] = 160, ["number_of_fragments"] = 2 },
        },
    };

    private static JsonObject DidYouMean(string text) => new()
    {
        [DidYouMeanSuggester] = new JsonObject
        {
            ["text"] = text,
            ["phrase"] = new JsonObject
            {
                ["field"] = "search_plain",
                ["size"] = 1,
                ["max_errors"] = 2,
                ["direct_generator"] = new JsonArray(new JsonObject
                {
                    ["field"] = "search_plain",
                    ["suggest_mode"] = "always",
                    ["min_word_length"] = 4,
                }),
                // Only offer a correction that would find something.
                ["collate"] = new JsonObject
                {
                    ["query"] = new JsonObject
                    {
                        ["source"] = new JsonObject
                        {
                            ["match"] = new JsonObject
                            {
                                ["search_plain"] = new JsonObject { ["query"] = "{{suggestion}}", ["operator"] = "and" },
                            },
                        },
                    },
                    ["prune"] = false,
                },
            },
        },
    };

    internal static JsonObject AllOf(IEnumerable<JsonNode> filters)
    {
        var list = filters.Select(f => f.DeepClone()).ToList();
        return list.Count == 0
            ? new JsonObject { ["match_all"] = new JsonObject() }
            : new JsonObject { ["bool"] = new JsonObject { ["filter"] = new JsonArray(list.ToArray()) } };
    }

    internal static JsonObject Term(string field, JsonNode value) => new() { ["term"] = new JsonObject { [field] = value } };

    private static JsonArray Array(IEnumerable<JsonNode> items) => new(items.Select(i => (JsonNode?)i.DeepClone()).ToArray());

    /// <summary>Lucene regular expressions treat most punctuation as operators; a backslash makes any character literal.</summary>
    private static string EscapeRegex(string literal)
    {
        var escaped = new StringBuilder(literal.Length * 2);
        foreach (var c in literal)
        {
            if (!char.IsLetterOrDigit(c)) escaped.Append('\\');
            escaped.Append(c);
        }
        return escaped.ToString();
    }
}

/// <summary>The request's selection per facet dimension: attribute selections are grouped by lower-cased name.</summary>
public sealed class FacetSelections
{
    public sealed record Selection(string Dimension, JsonNode Filter);

    public required IReadOnlyList<Selection> All { get; init; }

    /// <summary>Lower-cased attribute names with a selection, in request order.</summary>
    public required IReadOnlyList<string> AttributeNames { get; init; }

    public static string AttributeDimension(string name) => $"attribute:{name}";

    public static FacetSelections From(SearchFilter filter)
    {
        var all = new List<Selection>();
        if (filter.CategoryIds.Count > 0)
            all.Add(new(FacetNames.Category, TermsOf("category_ids", filter.CategoryIds.Distinct().Select(id => (JsonNode?)id))));
        if (Keys(filter.Brands) is { Count: > 0 } brands)
            all.Add(new(FacetNames.Brand, TermsOf("brand.keyword", brands)));
        if (Keys(filter.SellerHandles) is { Count: > 0 } handles)
            all.Add(new(FacetNames.Seller, TermsOf("seller_handles", handles)));
        if (filter.MinPriceMinor is not null || filter.MaxPriceMinor is not null)
        {
            var range = new JsonObject();
            if (filter.MinPriceMinor is { } min) range["gte"] = min;
            if (filter.MaxPriceMinor is { } max) range["lte"] = max;
            all.Add(new(FacetNames.Price, new JsonObject { ["range"] = new JsonObject { ["price_minor"] = range } }));
        }

        var field = filter.InStockOnly ? "facets_attr_in_stock" : "facets_attr";
        var names = new List<string>();
        foreach (var group in filter.Attributes
                     .Where(a => !string.IsNullOrWhiteSpace(a.Name) && a.Values.Any(v => !string.IsNullOrWhiteSpace(v)))
                     .GroupBy(a => SearchText.Key(a.Name)))
        {
            names.Add(group.Key);
            var keys = group.SelectMany(a => a.Values)
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .Select(v => ElasticsearchProductIndex.FacetKey(group.Key, v))
                .Distinct()
                .Select(k => (JsonNode?)k);
            all.Add(new(AttributeDimension(group.Key), TermsOf(field, keys)));
        }
        return new FacetSelections { All = all, AttributeNames = names };
    }

    private static List<JsonNode?> Keys(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(SearchText.Key).Distinct().Select(v => (JsonNode?)v).ToList();

    private static JsonObject TermsOf(string field, IEnumerable<JsonNode?> values) =>
        new() { ["terms"] = new JsonObject { [field] = new JsonArray(values.ToArray()) } };
}
