using System.Net;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.GraphQL;

public sealed class ErrorTests(ErrorTests.BrokenDatabaseApi api) : IClassFixture<ErrorTests.BrokenDatabaseApi>
{
    /// <summary>An API whose database lost a table: every product query fails inside the server.</summary>
    public sealed class BrokenDatabaseApi : MarketplaceApiFactory;

    [Fact]
    public async Task A_server_fault_is_INTERNAL_with_a_trace_id_and_no_details()
    {
        await api.QueryDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE ProductImages"));
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("{ products(first: 1) { nodes { title images { url } } } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("INTERNAL", response.FirstErrorCode);
        var error = response.Errors![0]!;
        Assert.Equal("Internal server error.", error["message"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(error["extensions"]!["traceId"]?.GetValue<string>()));
        var text = response.ToString();
        Assert.DoesNotContain("Sqlite", text);
        Assert.DoesNotContain(" at ", text);
    }

    [Fact]
    public async Task A_validation_error_matches_its_snapshot()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ product(slug: 42) { titel } }");

        Snapshooter.Xunit.Snapshot.Match(response.ToString());
    }
}
