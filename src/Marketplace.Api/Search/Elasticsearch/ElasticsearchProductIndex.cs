using System.Text.Json.Nodes;

namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>
/// The products index: analysis equal to <see cref="SearchText"/>'s spec, the field layout, and the JSON document written
/// for each <see cref="ProductDocument"/>. Keys ("size=m") are lower-cased here with <see cref="SearchText.Key"/>; the
/// lowercase normalizer on the keyword fields is the safety net for values that arrive from elsewhere (term queries).
/// </summary>
public static class ElasticsearchProductIndex
{
    /// <summary>Completion weights are integers; popularity is a double, so keep two decimals of it.</summary>
    public const double SuggestionWeightScale = 100;

    public const string EnglishText = "english_text";
    public const string EnglishSearch = "english_search";
    public const string PlainText = "plain_text";
    public const string Lowercase = "lowercase_keyword";

    public static JsonObject CreateIndexBody(SearchSynonyms synonyms, string? alias, bool forBulkLoad)
    {
        var index = new JsonObject
        {
            // One shard: catalogs fit, relevance statistics are global, and facet counts are exact.
            ["number_of_shards"] = 1,
        };
        if (forBulkLoad)
        {
            // Restored on commit; no refreshes or replica copies while the rebuild loads.
            index["refresh_interval"] = "-1";
            index["number_of_replicas"] = 0;
        }

        var body = new JsonObject
        {
            ["settings"] = new JsonObject { ["index"] = index, ["analysis"] = Analysis(synonyms) },
            ["mappings"] = Mappings(),
        };
        if (alias is not null) body["aliases"] = new JsonObject { [alias] = new JsonObject() };
        return body;
    }

    private static JsonObject Analysis(SearchSynonyms synonyms) => new()
    {
        ["filter"] = new JsonObject
        {
            ["english_possessive"] = new JsonObject { ["type"] = "stemmer", ["language"] = "possessive_english" },
            ["english_stop"] = new JsonObject { ["type"] = "stop", ["stopwords"] = "_english_" },
            ["english_porter"] = new JsonObject { ["type"] = "porter_stem" },
            ["search_synonyms"] = new JsonObject
            {
                ["type"] = "synonym_graph",
                // A rule that analysis empties (a stop word alone) is skipped rather than failing the whole index.
                ["lenient"] = true,
                ["synonyms"] = new JsonArray(synonyms.Rules.Select(rule => (JsonNode?)JsonValue.Create(rule)).ToArray()),
            },
        },
        ["analyzer"] = new JsonObject
        {
            [EnglishText] = Custom("english_possessive", "lowercase", "english_stop", "english_porter"),
            // Synonyms before stemming, so rules are written as plain words and expand to the same stems as the index.
            [EnglishSearch] = Custom("english_possessive", "lowercase", "english_stop", "search_synonyms", "english_porter"),
            // Unstemmed words: prefixes of the last typed word and spelling corrections need the words as written.
            [PlainText] = Custom("english_possessive", "lowercase"),
        },
        ["normalizer"] = new JsonObject
        {
            [Lowercase] = new JsonObject { ["type"] = "custom", ["filter"] = new JsonArray("lowercase") },
        },
    };

    private static JsonObject Custom(params string[] filters) => new()
    {
        ["type"] = "custom",
        ["tokenizer"] = "standard",
        ["filter"] = new JsonArray(filters.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
    };

    private static JsonObject Mappings() => new()
    {
        ["dynamic"] = "strict",
        ["properties"] = new JsonObject
        {
            ["product_id"] = Type("long"),
            ["title"] = SearchableText(new JsonObject { ["keyword"] = NormalizedKeyword() }),
            ["description"] = SearchableText(),
            ["brand"] = SearchableText(new JsonObject
            {
                ["keyword"] = NormalizedKeyword(),
                // As written, for the facet label.
                ["raw"] = Type("keyword"),
            }),
            ["category_ids"] = Type("integer"),
            ["category_slugs"] = Type("keyword"),
            ["category_names"] = SearchableText(),
            ["category_facets"] = Type("keyword"),
            ["attribute_values"] = SearchableText(),
            ["facets_attr"] = NormalizedKeyword(),
            ["facets_attr_in_stock"] = NormalizedKeyword(),
            ["facet_labels"] = Type("keyword"),
            ["facet_labels_in_stock"] = Type("keyword"),
            ["price_minor"] = Type("long"),
            ["max_price_minor"] = Type("long"),
            ["in_stock"] = Type("boolean"),
            ["seller_ids"] = Type("long"),
            ["seller_handles"] = NormalizedKeyword(),
            ["seller_names"] = new JsonObject { ["type"] = "text", ["analyzer"] = EnglishText },
            ["seller_facets"] = Type("keyword"),
            ["offer_count"] = Type("integer"),
            ["popularity"] = Type("double"),
            ["created_at"] = Type("date"),
            ["search_text"] = new JsonObject { ["type"] = "text", ["analyzer"] = EnglishText, ["search_analyzer"] = EnglishSearch },
            ["search_plain"] = new JsonObject { ["type"] = "text", ["analyzer"] = PlainText },
            ["suggest_title"] = Type("completion"),
            ["suggest_brand"] = Type("completion"),
            ["suggest_category"] = Type("completion"),
        },
    };

    public static JsonObject PopularQueriesIndexBody() => new()
    {
        ["settings"] = new JsonObject { ["index"] = new JsonObject { ["number_of_shards"] = 1 } },
        ["mappings"] = new JsonObject
        {
            ["dynamic"] = "strict",
            ["properties"] = new JsonObject
            {
                ["query"] = Type("keyword"),
                ["count"] = Type("long"),
                ["suggest"] = Type("completion"),
            },
        },
    };

    /// <summary>Text searched as English; copied into the catch-all fields every query term must be found in.</summary>
    private static JsonObject SearchableText(JsonObject? fields = null)
    {
        var mapping = new JsonObject
        {
            ["type"] = "text",
            ["analyzer"] = EnglishText,
            ["search_analyzer"] = EnglishSearch,
            ["copy_to"] = new JsonArray("search_text", "search_plain"),
        };
        if (fields is not null) mapping["fields"] = fields;
        return mapping;
    }

    private static JsonObject NormalizedKeyword() => new() { ["type"] = "keyword", ["normalizer"] = Lowercase };

    private static JsonObject Type(string type) => new() { ["type"] = type };

    /// <summary>The document stored under the product id.</summary>
    public static JsonObject ToDocument(ProductDocument product)
    {
        var weight = CompletionWeight(product.Popularity * SuggestionWeightScale);
        var document = new JsonObject
        {
            ["product_id"] = product.ProductId,
            ["title"] = product.Title,
            ["category_ids"] = Array(product.Categories.Select(c => (JsonNode?)c.Id)),
            ["category_slugs"] = Array(product.Categories.Select(c => (JsonNode?)c.Slug)),
            ["category_names"] = Array(product.Categories.Select(c => (JsonNode?)c.Name)),
            ["category_facets"] = Array(product.Categories.Select(c => (JsonNode?)$"{c.Slug}={c.Name}")),
            ["attribute_values"] = Array(product.Attributes.Select(a => a.Value)
                .Concat(product.OptionValues.Select(o => o.Value))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(v => (JsonNode?)v)),
            ["facets_attr"] = Array(FacetValues(product, inStockOnly: false).Select(f => (JsonNode?)f.Key)),
            ["facets_attr_in_stock"] = Array(FacetValues(product, inStockOnly: true).Select(f => (JsonNode?)f.Key)),
            ["facet_labels"] = Array(FacetValues(product, inStockOnly: false).Select(f => (JsonNode?)f.Label)),
            ["facet_labels_in_stock"] = Array(FacetValues(product, inStockOnly: true).Select(f => (JsonNode?)f.Label)),
            ["price_minor"] = product.PriceMinor,
            ["max_price_minor"] = product.MaxPriceMinor,
            ["in_stock"] = product.InStock,
            ["seller_ids"] = Array(product.Sellers.Select(s => (JsonNode?)s.Id)),
            ["seller_handles"] = Array(product.Sellers.Select(s => (JsonNode?)SearchText.Key(s.Handle))),
            ["seller_names"] = Array(product.Sellers.Select(s => (JsonNode?)s.Name)),
            ["seller_facets"] = Array(product.Sellers.Select(s => (JsonNode?)$"{SearchText.Key(s.Handle)}={s.Name}")),
            ["offer_count"] = product.OfferCount,
            ["popularity"] = product.Popularity,
            ["created_at"] = DateTime.SpecifyKind(product.CreatedAt, DateTimeKind.Utc).ToString("O"),
            ["suggest_title"] = Completion([product.Title], weight),
            ["suggest_category"] = Completion(product.Categories.Select(c => c.Name), weight),
        };
        if (!string.IsNullOrWhiteSpace(product.Description)) document["description"] = product.Description;
        if (!string.IsNullOrWhiteSpace(product.Brand))
        {
            document["brand"] = product.Brand.Trim();
            document["suggest_brand"] = Completion([product.Brand.Trim()], weight);
        }
        return document;
    }

    public static JsonObject ToPopularQueryDocument(PopularQuery query) => new()
    {
        ["query"] = query.Query.Trim(),
        ["count"] = query.Count,
        ["suggest"] = Completion([query.Query.Trim()], CompletionWeight(query.Count)),
    };

    /// <summary>
    /// One entry per attribute or option value, keyed "name=value" in lower case; the label keeps the value as written
    /// ("size=M") so facets can show it. Attributes are always "in stock"; option values only when available.
    /// </summary>
    internal static IEnumerable<(string Key, string Label)> FacetValues(ProductDocument product, bool inStockOnly) =>
        product.Attributes.Select(a => (a.Name, a.Value))
            .Concat(product.OptionValues.Where(o => !inStockOnly || o.Available).Select(o => (o.Name, o.Value)))
            .Where(pair => !string.IsNullOrWhiteSpace(pair.Name) && !string.IsNullOrWhiteSpace(pair.Value))
            .Select(pair => (Key: FacetKey(pair.Name, pair.Value), Label: $"{SearchText.Key(pair.Name)}={pair.Value.Trim()}"))
            .DistinctBy(pair => pair.Key);

    public static string FacetKey(string name, string value) => $"{SearchText.Key(name)}={SearchText.Key(value)}";

    private static JsonObject Completion(IEnumerable<string> inputs, int weight) => new()
    {
        ["input"] = Array(inputs.Select(CompletionInput).Where(i => i.Length > 0).Distinct().Select(i => (JsonNode?)i)),
        ["weight"] = weight,
    };

    // The completion field rejects some control characters as reserved separators.
    private static string CompletionInput(string text) => new string(text.Where(c => !char.IsControl(c)).ToArray()).Trim();

    private static int CompletionWeight(double weight) => (int)Math.Clamp(Math.Round(weight), 0, int.MaxValue);

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.ToArray());
}
