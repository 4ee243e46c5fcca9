using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class BatchLoadingTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Page = """
        query Page($n: Int!) {
          products(first: $n, order: {field: PRICE, direction: ASC}) {
            edges { node { title category { name } attributes { name value } bestOffer { sku }
              options { name values } variants { title price { amount } selectedOptions { name value } }
              offers { sku price { amount } variant { title } seller { handle name } } } }
          }
        }
        """;

    [Fact]
    public async Task A_page_of_products_with_offers_and_sellers_costs_the_same_sql_commands_at_any_size()
    {
        using var client = api.CreateClient();
        await client.PostGraphQLAsync(Page, new { n = 1 }); // warm-up: the first request also opens the connection pool

        var small = await CountCommandsAsync(client, 10);
        var large = await CountCommandsAsync(client, 50);

        Assert.Equal(small.Commands, large.Commands);
        Assert.Equal(50, large.Products);
        Assert.True(large.Offers > 50, "the page should include products with several offers");
        Assert.True(large.Commands <= 9, $"expected a handful of batched queries, saw {large.Commands}");
    }

    private async Task<(int Commands, int Products, int Offers)> CountCommandsAsync(HttpClient client, int pageSize)
    {
        api.SqlCommands.Reset();
        var response = await client.PostGraphQLAsync(Page, new { n = pageSize });
        var commands = api.SqlCommands.Count;
        var edges = response.DataOrFail()["products"]!["edges"]!.AsArray();
        var offers = edges.Sum(e => e!["node"]!["offers"]!.AsArray().Count);
        return (commands, edges.Count, offers);
    }
}
