using System.Text.Json.Nodes;
using Marketplace.Api.Search;
using Marketplace.Api.Search.Elasticsearch;
using Marketplace.Api.Search.Lucene;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Search;

/// <summary>Search:Engine picks the engine; resolvers never see which.</summary>
public sealed class SearchEngineChoiceTests
{
    /// <summary>Elasticsearch configured at an address where nothing listens: a cluster that is down.</summary>
    private sealed class ElasticsearchDown : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Search:Engine"] = "Elasticsearch",
            ["Search:Elasticsearch:Url"] = "http://127.0.0.1:1",
        };
    }

    [Fact]
    public void The_embedded_engine_is_the_default()
    {
        using var api = new MarketplaceApiFactory();

        Assert.IsType<LuceneSearchEngine>(api.Services.GetRequiredService<ISearchEngine>());
    }

    [Fact]
    public async Task With_elasticsearch_down_search_answers_service_unavailable_and_readiness_says_search_is_degraded()
    {
        using var api = new ElasticsearchDown();
        Assert.IsType<ElasticsearchSearchEngine>(api.Services.GetRequiredService<ISearchEngine>());
        using var client = api.CreateClient();

        var search = await client.PostGraphQLAsync("{ search(query: \"shorts\") { totalCount } }");
        var products = await client.PostGraphQLAsync("{ products(first: 1) { edges { node { title } } } }");
        var readiness = JsonNode.Parse(await client.GetStringAsync("/health/ready"))!;

        Assert.Equal("SERVICE_UNAVAILABLE", search.FirstErrorCode);
        Assert.Single(products.DataOrFail()["products"]!["edges"]!.AsArray());
        Assert.Equal("Degraded", readiness["checks"]!["search"]!["status"]!.GetValue<string>());
    }
}
