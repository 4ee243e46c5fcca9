using System.Net.Http.Json;
using Marketplace.Api.GraphQL.Ide;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class DateFormatTestsOnSqlite(MarketplaceApiFactory host) : DateFormatTests<MarketplaceApiFactory>(host);

public sealed class DateFormatTestsOnPostgres(PostgresMarketplaceApiFactory host) : DateFormatTests<PostgresMarketplaceApiFactory>(host);

/// <summary>Dates on the wire are UTC with their offset, whatever the database returns them as.</summary>
public abstract class DateFormatTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    [SkippableFact]
    public async Task Dates_read_from_the_database_are_utc_with_a_Z()
    {
        using var client = api.CreateClient();

        var data = (await client.PostGraphQLAsync(
            "{ products(first: 1) { nodes { createdAt offers { createdAt updatedAt seller { createdAt } } } } }")).DataOrFail();

        var product = data["products"]!["nodes"]![0]!;
        var offer = product["offers"]![0]!;
        string[] dates =
        [
            product["createdAt"]!.GetValue<string>(),
            offer["createdAt"]!.GetValue<string>(),
            offer["updatedAt"]!.GetValue<string>(),
            offer["seller"]!["createdAt"]!.GetValue<string>(),
        ];
        Assert.All(dates, date => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", date));
    }
}

/// <summary>How text looks on the wire: no needless escaping.</summary>
public sealed class ResponseFormatTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task Text_is_written_without_needless_escapes()
    {
        using var client = api.CreateClient();

        var response = await client.PostAsJsonAsync("/graphql", new
        {
            query = """{ product(slug: "womens-denim-skirt-ugph8r") { title } category(slug: "women-tops") { name } }""",
        });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"Women's Denim Skirt\"", text);
        Assert.Contains("\"Shirts & Blouses\"", text);
        Assert.DoesNotContain("\\u00", text);
    }

    [Fact]
    public void The_ide_page_stays_html_safe_for_what_it_embeds()
    {
        var page = GraphQLIde.RenderPage("/x\"><script>alert('&')</script>", "nonce");

        Assert.DoesNotContain("<script>alert", page);
        Assert.Contains("/x&quot;&gt;&lt;script&gt;alert(&#39;&amp;&#39;)&lt;/script&gt;/graphql", page);
    }
}
