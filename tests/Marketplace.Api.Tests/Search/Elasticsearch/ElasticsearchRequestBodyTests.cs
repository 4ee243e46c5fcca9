using Marketplace.Api.Search;
using Snapshooter.Xunit;
using static Marketplace.Api.Tests.Search.Elasticsearch.FakeElasticsearchCluster;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

/// <summary>
/// What the adapter sends, captured on the wire by <see cref="FakeElasticsearchCluster"/>. Review a changed snapshot
/// against the Elasticsearch reference: no cluster here runs these bodies.
/// </summary>
public sealed class ElasticsearchRequestBodyTests : IAsyncLifetime
{
    private FakeElasticsearchCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<string> SearchBodyAsync(SearchRequest request)
    {
        await ElasticsearchTestEngines.Create(_cluster.Url).SearchAsync(request, CancellationToken.None);
        return ForSnapshot(_cluster.RequestsTo("POST", "/_search"));
    }

    [Fact]
    public async Task A_missing_index_is_created_with_the_analysis_and_mapping_behind_the_alias()
    {
        _cluster.Answer("HEAD", "/test-", 404, "");

        var health = await ElasticsearchTestEngines.Create(_cluster.Url).CheckHealthAsync(CancellationToken.None);

        Assert.True(health.Available);
        Snapshot.Match(ForSnapshot(_cluster.Requests));
    }

    [Fact]
    public async Task Plain_text_is_a_scored_bool_query_with_facets_highlights_and_a_spelling_suggester()
    {
        Snapshot.Match(await SearchBodyAsync(new SearchRequest { Text = "oxford shirt" }));
    }

    [Fact]
    public async Task Personal_boosts_multiply_the_score_and_name_a_clause_each_so_hits_say_which_they_matched()
    {
        Snapshot.Match(await SearchBodyAsync(new SearchRequest
        {
            Text = "shorts",
            IncludeFacets = false,
            Personalization = new SearchPersonalization(
            [
                new SearchBoost(BoostTarget.Attribute, "Women", 3) { AttributeName = "gender" },
                new SearchBoost(BoostTarget.Category, "women-shorts", 0.4),
                new SearchBoost(BoostTarget.Brand, "Acme", -0.5),
                new SearchBoost(BoostTarget.Seller, "City-Sports", 0.2),
                new SearchBoost(BoostTarget.Price, "25-50", 0.3) { MinPriceMinor = 2500, MaxPriceMinor = 5000 },
                new SearchBoost(BoostTarget.Product, "17", 1),
            ], [42, 7]),
        }));
    }

    [Fact]
    public async Task Typo_text_and_query_syntax_reach_only_match_queries_as_plain_words()
    {
        Snapshot.Match(await SearchBodyAsync(new SearchRequest { Text = "  oxfrod   title:(* \"shrt ~^?\u0007 ", IncludeFacets = false }));
    }

    [Fact]
    public async Task Facet_selections_go_in_the_post_filter_and_each_facet_applies_only_the_other_selections()
    {
        Snapshot.Match(await SearchBodyAsync(new SearchRequest
        {
            Text = "shirt",
            Filter = new SearchFilter
            {
                Brands = ["Acme", "ZENITH"],
                Attributes = [new AttributeFilter("Size", ["M", "l"])],
                InStockOnly = true,
                MinPriceMinor = 2500,
                MaxPriceMinor = 10000,
            },
        }));
    }

    [Fact]
    public async Task An_empty_query_browses_sorted_by_price()
    {
        Snapshot.Match(await SearchBodyAsync(new SearchRequest
        {
            Text = "   ",
            Sort = SearchSort.PriceAsc,
            Offset = 40,
            Limit = 20,
            Filter = new SearchFilter { CategoryIds = [7], SellerHandles = ["Northwind"] },
        }));
    }

    [Fact]
    public async Task Suggestions_ask_completion_suggesters_of_both_indices()
    {
        await ElasticsearchTestEngines.Create(_cluster.Url).SuggestAsync("oxf", 5, CancellationToken.None);

        Snapshot.Match(ForSnapshot(_cluster.RequestsTo("POST", "/_search")));
    }

    [Fact]
    public async Task Indexing_sends_one_bulk_of_upserts_and_deletes_that_waits_for_visibility()
    {
        await ElasticsearchTestEngines.Create(_cluster.Url).IndexAsync(
            [ElasticsearchTestEngines.Shirt, ElasticsearchTestEngines.Trousers], [99], CancellationToken.None);

        var bulk = Assert.Single(_cluster.RequestsTo("POST", "/_bulk"));
        Assert.StartsWith("application/x-ndjson", bulk.ContentType);
        Snapshot.Match(ForSnapshot([bulk]));
    }

    [Fact]
    public async Task Replacing_popular_queries_writes_the_new_set_then_deletes_the_rest()
    {
        await ElasticsearchTestEngines.Create(_cluster.Url).ReplacePopularQueriesAsync(
            [new PopularQuery("Oxford Shirt", 30), new PopularQuery("oxford shirt", 12), new PopularQuery("chinos", 7)], CancellationToken.None);

        Snapshot.Match(ForSnapshot(_cluster.Requests.Where(r => r.Method != "HEAD")));
    }

    [Fact]
    public async Task A_committed_rebuild_loads_a_new_index_then_swaps_the_alias_in_one_call()
    {
        _cluster.Answer("GET", "/_settings/index.number_of_replicas", 200,
            """{"test-products-20250101000000000":{"settings":{"index":{"number_of_replicas":"1"}}}}""");
        _cluster.Answer("GET", "/_alias/test-products", 200, """{"test-products-20250101000000000":{"aliases":{"test-products":{}}}}""");
        var engine = ElasticsearchTestEngines.Create(_cluster.Url);

        await using (var rebuild = await engine.BeginRebuildAsync(CancellationToken.None))
        {
            await rebuild.AddAsync([ElasticsearchTestEngines.Trousers], CancellationToken.None);
            await rebuild.CommitAsync(CancellationToken.None);
        }

        Snapshot.Match(ForSnapshot(_cluster.Requests.Where(r => r.Method != "HEAD")));
    }

    [Fact]
    public async Task A_rebuild_disposed_without_commit_deletes_its_index_and_leaves_the_alias_alone()
    {
        var engine = ElasticsearchTestEngines.Create(_cluster.Url);

        await using (var rebuild = await engine.BeginRebuildAsync(CancellationToken.None))
            await rebuild.AddAsync([ElasticsearchTestEngines.Trousers], CancellationToken.None);

        Assert.Empty(_cluster.RequestsTo("POST", "/_aliases"));
        var delete = Assert.Single(_cluster.RequestsTo("DELETE", "/"));
        Assert.Equal("/test-products-20260314092653589", delete.Path);
    }

    [Fact]
    public async Task Changes_during_a_rebuild_are_written_to_the_new_index_too()
    {
        var engine = ElasticsearchTestEngines.Create(_cluster.Url);
        await using var rebuild = await engine.BeginRebuildAsync(CancellationToken.None);

        await engine.IndexAsync([ElasticsearchTestEngines.Shirt], [], CancellationToken.None);

        Assert.Equal(
            ["/test-products-20260314092653589/_bulk", "/test-products/_bulk?refresh=wait_for"],
            _cluster.RequestsTo("POST", "/_bulk").Select(r => r.Path));
    }
}
