using System.Net;
using System.Net.Sockets;
using Marketplace.Api.Search;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

/// <summary>How the adapter reads what a cluster answers: canned Elasticsearch responses served by <see cref="FakeElasticsearchCluster"/>.</summary>
public sealed class ElasticsearchResponseTests : IAsyncLifetime
{
    private FakeElasticsearchCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeElasticsearchCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private const string SearchAnswer = """
        {
          "took": 12, "timed_out": false,
          "_shards": { "total": 1, "successful": 1, "skipped": 0, "failed": 0 },
          "hits": {
            "total": { "value": 2, "relation": "eq" },
            "max_score": 8.25,
            "hits": [
              { "_index": "test-products-20260314092653589", "_id": "42", "_score": 8.25,
                "highlight": { "title": ["<em>Oxford</em> Shirt"], "description": ["A crisp cotton <em>shirt</em> for work &amp; weekends."] },
                "sort": [8.25, 12.5, 42] },
              { "_index": "test-products-20260314092653589", "_id": "7", "_score": 3.5, "sort": [3.5, 0.0, 7] }
            ]
          },
          "aggregations": {
            "category": { "doc_count": 2, "values": { "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "clothing=Clothing", "doc_count": 2 }, { "key": "clothing-shirts=Shirts", "doc_count": 1 } ] } },
            "brand": { "doc_count": 9, "values": { "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "Acme", "doc_count": 4 }, { "key": "Zenith", "doc_count": 3 }, { "key": "ACME", "doc_count": 2 } ] } },
            "seller": { "doc_count": 2, "values": { "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "northwind=Northwind Traders", "doc_count": 2 } ] } },
            "price": { "doc_count": 5, "values": { "buckets": [
              { "key": "0-25", "from": 0.0, "to": 2500.0, "doc_count": 0 },
              { "key": "25-50", "from": 2500.0, "to": 5000.0, "doc_count": 3 },
              { "key": "500-", "from": 50000.0, "doc_count": 2 } ] } },
            "attributes": { "doc_count": 2, "values": { "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "gender=Women", "doc_count": 2 }, { "key": "size=M", "doc_count": 2 }, { "key": "color=Blue", "doc_count": 1 } ] } },
            "attribute_0": { "doc_count": 6, "values": { "doc_count_error_upper_bound": 0, "sum_other_doc_count": 0,
              "buckets": [ { "key": "size=L", "doc_count": 4 }, { "key": "size=M", "doc_count": 2 }, { "key": "size=m", "doc_count": 1 } ] } }
          },
          "suggest": {
            "did_you_mean": [ { "text": "oxfrod shirt", "offset": 0, "length": 12,
              "options": [ { "text": "oxford shirt", "score": 0.0042, "collate_match": true } ] } ]
          }
        }
        """;

    [Fact]
    public async Task A_personalized_answer_says_which_boosts_each_hit_matched_and_which_hits_are_pinned()
    {
        _cluster.Answer("POST", "/test-products/_search", 200, """
            { "hits": { "total": { "value": 3, "relation": "eq" }, "hits": [
              { "_id": "7", "_score": 9.0, "matched_queries": ["boost-1"] },
              { "_id": "42", "_score": 8.0, "matched_queries": ["boost-2", "boost-0", "somebody-else"] },
              { "_id": "5", "_score": 1.0 } ] } }
            """);
        var request = new SearchRequest
        {
            Text = "shorts",
            IncludeFacets = false,
            Personalization = new SearchPersonalization(
                [new SearchBoost(BoostTarget.Brand, "Acme", 1), new SearchBoost(BoostTarget.Brand, "Zenith", 1), new SearchBoost(BoostTarget.Brand, "Umbra", 1)], [7]),
        };

        var response = await ElasticsearchTestEngines.Create(_cluster.Url).SearchAsync(request, CancellationToken.None);

        Assert.Equal([[1], [0, 2], []], response.Hits.Select(h => h.MatchedBoosts.ToArray()));
        Assert.Equal([true, false, false], response.Hits.Select(h => h.Pinned));
    }

    [Fact]
    public async Task A_search_answer_becomes_hits_highlights_disjunctive_facets_and_did_you_mean()
    {
        _cluster.Answer("POST", "/test-products/_search", 200, SearchAnswer);
        var request = new SearchRequest
        {
            Text = "oxfrod shirt",
            Filter = new SearchFilter { Brands = ["acme"], Attributes = [new AttributeFilter("Size", ["M"])] },
        };

        var response = await ElasticsearchTestEngines.Create(_cluster.Url).SearchAsync(request, CancellationToken.None);

        Assert.Equal(2, response.TotalCount);
        Assert.Equal([42L, 7L], response.Hits.Select(h => h.ProductId));
        Assert.Equal(8.25f, response.Hits[0].Score);
        Assert.Equal(["title: <em>Oxford</em> Shirt", "description: A crisp cotton <em>shirt</em> for work &amp; weekends."],
            response.Hits[0].Highlights.Select(h => $"{h.Field}: {string.Join(" … ", h.Fragments)}"));
        Assert.Empty(response.Hits[1].Highlights);
        Assert.Equal("oxford shirt", response.DidYouMean);
        Assert.Null(response.CorrectedQuery);

        var facets = response.Facets.ToDictionary(f => f.Name, f => f.Values.Select(v => $"{v.Value}|{v.Label}|{v.Count}").ToList());
        Assert.Equal(["category", "brand", "seller", "price", "color", "gender", "size"], response.Facets.Select(f => f.Name));
        Assert.Equal(["clothing|Clothing|2", "clothing-shirts|Shirts|1"], facets["category"]);
        // Spellings of one brand add up under the lower-cased value, labelled as most products write it.
        Assert.Equal(["acme|Acme|6", "zenith|Zenith|3"], facets["brand"]);
        Assert.Equal(["northwind|Northwind Traders|2"], facets["seller"]);
        Assert.Equal(["25-50|25 to 50|3", "500-|500 and above|2"], facets["price"]);
        Assert.Equal(["blue|Blue|1"], facets["color"]);
        Assert.Equal(["women|Women|2"], facets["gender"]);
        // The selected name comes from its own aggregation (ignoring the size selection), not from the shared one.
        Assert.Equal(["l|L|4", "m|M|3"], facets["size"]);
    }

    [Fact]
    public async Task No_hits_with_a_correction_searches_again_with_it_and_says_so()
    {
        _cluster.AnswerOnce("POST", "/test-products/_search", 200, """
            {"took":2,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]},
             "suggest":{"did_you_mean":[{"text":"oxfrod","offset":0,"length":6,"options":[{"text":"oxford","score":0.01,"collate_match":true}]}]}}
            """);
        _cluster.AnswerOnce("POST", "/test-products/_search", 200, """
            {"took":2,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":1,"relation":"eq"},"max_score":2.0,"hits":[{"_index":"test-products-1","_id":"42","_score":2.0}]}}
            """);

        var response = await ElasticsearchTestEngines.Create(_cluster.Url)
            .SearchAsync(new SearchRequest { Text = "oxfrod" }, CancellationToken.None);

        Assert.Equal([42L], response.Hits.Select(h => h.ProductId));
        Assert.Equal("oxford", response.CorrectedQuery);
        Assert.Equal("oxford", response.DidYouMean);
        var searches = _cluster.RequestsTo("POST", "/_search");
        Assert.Equal(2, searches.Count);
        Assert.Contains("\"query\":\"oxford\"", searches[1].Body);
        Assert.DoesNotContain("did_you_mean", searches[1].Body);
    }

    [Fact]
    public async Task A_correction_that_collates_to_nothing_is_not_offered()
    {
        _cluster.Answer("POST", "/test-products/_search", 200, """
            {"took":2,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]},
             "suggest":{"did_you_mean":[{"text":"zzz","offset":0,"length":3,"options":[{"text":"zzzz","score":0.01,"collate_match":false}]}]}}
            """);

        var response = await ElasticsearchTestEngines.Create(_cluster.Url)
            .SearchAsync(new SearchRequest { Text = "zzz" }, CancellationToken.None);

        Assert.Equal(0, response.TotalCount);
        Assert.Null(response.DidYouMean);
        Assert.Single(_cluster.RequestsTo("POST", "/_search"));
    }

    [Fact]
    public async Task Suggestions_merge_products_brands_categories_and_queries_by_weight_once_per_text()
    {
        _cluster.Answer("POST", "/test-products/_search", 200, """
            {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]},
             "suggest":{
               "products":[{"text":"ox","offset":0,"length":2,"options":[
                 {"text":"Oxford Shirt","_index":"test-products-1","_id":"42","_score":1250.0,"_source":{"category_facets":["clothing=Clothing"]}}]}],
               "brands":[{"text":"ox","offset":0,"length":2,"options":[
                 {"text":"Oxbow","_index":"test-products-1","_id":"9","_score":300.0,"_source":{"category_facets":[]}}]}],
               "categories":[{"text":"ox","offset":0,"length":2,"options":[
                 {"text":"Oxfords","_index":"test-products-1","_id":"5","_score":50.0,"_source":{"category_facets":["shoes=Shoes","shoes-oxfords=Oxfords"]}}]}]}}
            """);
        _cluster.Answer("POST", "/test-queries/_search", 200, """
            {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
             "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]},
             "suggest":{"queries":[{"text":"ox","offset":0,"length":2,"options":[
               {"text":"oxford shirt","_index":"test-queries","_id":"oxford shirt","_score":40.0},
               {"text":"oxblood","_index":"test-queries","_id":"oxblood","_score":2.0}]}]}}
            """);

        var suggestions = await ElasticsearchTestEngines.Create(_cluster.Url).SuggestAsync("ox", 3, CancellationToken.None);

        Assert.Equal(
            [
                // The product titled "Oxford Shirt" is the same text as the weightier query, so it shows once.
                new Suggestion("oxford shirt", SuggestionKind.Query, null, 40),
                new Suggestion("Oxbow", SuggestionKind.Brand, null, 3),
                new Suggestion("oxblood", SuggestionKind.Query, null, 2),
            ],
            suggestions);
    }

    [Fact]
    public async Task A_category_suggestion_carries_the_category_slug()
    {
        _cluster.Answer("POST", "/test-products/_search", 200, """
            {"took":1,"timed_out":false,"hits":{"total":{"value":0,"relation":"eq"},"hits":[]},
             "suggest":{"categories":[{"text":"oxf","offset":0,"length":3,"options":[
               {"text":"Oxfords","_index":"test-products-1","_id":"5","_score":50.0,"_source":{"category_facets":["shoes=Shoes","shoes-oxfords=Oxfords"]}}]}]}}
            """);

        var suggestion = Assert.Single(await ElasticsearchTestEngines.Create(_cluster.Url).SuggestAsync("oxf", 5, CancellationToken.None));

        Assert.Equal(new Suggestion("Oxfords", SuggestionKind.Category, "shoes-oxfords", 0.5), suggestion);
    }

    [Fact]
    public async Task Rejected_bulk_items_are_named_in_the_exception()
    {
        _cluster.Answer("POST", "/_bulk", 200, """
            {"took":4,"errors":true,"items":[
              {"index":{"_index":"test-products-1","_id":"42","_version":3,"result":"updated","status":200}},
              {"index":{"_index":"test-products-1","_id":"43","status":400,
                "error":{"type":"document_parsing_exception","reason":"[1:17] failed to parse field [price_minor] of type [long]"}}},
              {"delete":{"_index":"test-products-1","_id":"99","_version":1,"result":"not_found","status":404}}]}
            """);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ElasticsearchTestEngines.Create(_cluster.Url)
            .IndexAsync([ElasticsearchTestEngines.Shirt, ElasticsearchTestEngines.Trousers], [99], CancellationToken.None));

        Assert.Equal(
            "Elasticsearch rejected 1 of 3 operations on test-products: index 43: document_parsing_exception: [1:17] failed to parse field [price_minor] of type [long]",
            error.Message);
    }

    [Fact]
    public async Task Bulk_items_refused_for_load_are_a_temporary_unavailability()
    {
        _cluster.Answer("POST", "/_bulk", 200, """
            {"took":4,"errors":true,"items":[
              {"index":{"_index":"test-products-1","_id":"42","status":429,
                "error":{"type":"es_rejected_execution_exception","reason":"rejected execution of coordinating operation"}}}]}
            """);

        await Assert.ThrowsAsync<SearchUnavailableException>(() => ElasticsearchTestEngines.Create(_cluster.Url)
            .IndexAsync([ElasticsearchTestEngines.Shirt], [], CancellationToken.None));
    }

    [Fact]
    public async Task Health_counts_the_documents_behind_the_alias()
    {
        _cluster.Answer("GET", "/test-products/_count", 200, """{"count":1234,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}""");

        var health = await ElasticsearchTestEngines.Create(_cluster.Url).CheckHealthAsync(CancellationToken.None);

        Assert.Equal(new SearchEngineHealth(true, 1234), health);
        Assert.Empty(_cluster.RequestsTo("PUT", "/"));
    }

    [Fact]
    public async Task A_cluster_answering_503_is_unavailable()
    {
        _cluster.Answer("POST", "/_search", 503, """
            {"error":{"root_cause":[],"type":"search_phase_execution_exception","reason":"all shards failed","phase":"query","grouped":true,"failed_shards":[]},"status":503}
            """);

        var error = await Assert.ThrowsAsync<SearchUnavailableException>(() => ElasticsearchTestEngines.Create(_cluster.Url)
            .SearchAsync(new SearchRequest { Text = "shirt" }, CancellationToken.None));
        Assert.Contains("all shards failed", error.Message);
    }

    [Fact]
    public async Task Nothing_listening_makes_searches_and_writes_unavailable_and_health_say_so()
    {
        var engine = ElasticsearchTestEngines.Create($"http://127.0.0.1:{UnusedPort()}");

        await Assert.ThrowsAsync<SearchUnavailableException>(() => engine.SearchAsync(new SearchRequest { Text = "shirt" }, CancellationToken.None));
        await Assert.ThrowsAsync<SearchUnavailableException>(() => engine.IndexAsync([ElasticsearchTestEngines.Shirt], [], CancellationToken.None));
        var health = await engine.CheckHealthAsync(CancellationToken.None);

        Assert.False(health.Available);
        Assert.Equal(0, health.DocumentCount);
        Assert.StartsWith("Elasticsearch did not answer HEAD /test-products", health.Problem);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
