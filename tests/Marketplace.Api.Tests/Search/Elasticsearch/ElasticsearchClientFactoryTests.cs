using System.Text;
using Elastic.Transport;
using Marketplace.Api.Search;
using Marketplace.Api.Search.Elasticsearch;
using HttpMethod = Elastic.Transport.HttpMethod;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

public sealed class ElasticsearchClientFactoryTests : IAsyncLifetime
{
    private FakeElasticsearchCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await FakeElasticsearchCluster.StartAsync();

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    private async Task<string?> AuthorizationSentWith(ElasticsearchOptions options)
    {
        var client = options.CreateClient();
        await client.Transport.RequestAsync<StringResponse>(HttpMethod.GET, "/test-products/_count", null!, null!, CancellationToken.None);
        return Assert.Single(_cluster.Requests).Authorization;
    }

    [Fact]
    public async Task An_api_key_is_sent_as_the_authorization_header()
    {
        var authorization = await AuthorizationSentWith(new ElasticsearchOptions { Url = _cluster.Url, ApiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", Username = "ignored" });

        Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", authorization);
    }

    [Fact]
    public async Task Basic_credentials_are_sent_when_there_is_no_api_key()
    {
        var authorization = await AuthorizationSentWith(new ElasticsearchOptions { Url = _cluster.Url, Username = "elastic", Password = "changeme" });

        Assert.Equal($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("elastic:changeme"))}", authorization);
    }

    [Fact]
    public async Task Without_credentials_nothing_is_sent()
    {
        Assert.Equal("", await AuthorizationSentWith(new ElasticsearchOptions { Url = _cluster.Url }));
    }

    [Fact]
    public void A_missing_url_is_a_configuration_error()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new ElasticsearchOptions().CreateClient());
        Assert.Contains("Search:Elasticsearch:Url", error.Message);
    }
}
