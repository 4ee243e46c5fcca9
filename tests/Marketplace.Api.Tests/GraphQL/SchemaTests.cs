using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class SchemaTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task The_committed_schema_is_the_served_schema()
    {
        using var client = api.CreateClient();
        var served = await client.GetStringAsync("/graphql/schema.graphql");
        var committed = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "schema", "schema.graphql"));

        Assert.True(committed.ReplaceLineEndings("\n") == served,
            "schema/schema.graphql is out of date. Refresh it with: dotnet run --project src/Marketplace.Api -- schema export");
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        using var client = api.CreateClient();
        await Search.SearchIndexWait.CaughtUpAsync(api);

        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/health/ready"))!["status"]!.GetValue<string>());
    }
}
