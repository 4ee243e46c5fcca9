using System.Net;
using System.Net.Http.Json;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.GraphQL;

/// <summary>Every request runs under a time budget; a database that never answers shows the EF command is cancelled with it.</summary>
public sealed class TimeBudgetTests(TimeBudgetTests.ShortBudgetApi api) : IClassFixture<TimeBudgetTests.ShortBudgetApi>, IDisposable
{
    public sealed class ShortBudgetApi : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:Limits:RequestTimeoutSeconds"] = "2",
            ["GraphQL:Limits:MutationTimeoutSeconds"] = "3",
        };
    }

    public void Dispose() => api.Database.Release();

    internal const string DatabaseQuery = "{ products(first: 1) { edges { node { title } } } }";

    /// <summary>The first query builds the schema and EF's model; after it, the budget measures only the request.</summary>
    internal static async Task WarmUpAsync(HttpClient client) => await client.PostGraphQLAsync(DatabaseQuery);

    [Fact]
    public async Task A_request_past_its_budget_answers_REQUEST_TIMEOUT_and_cancels_its_database_command()
    {
        using var client = api.CreateClient();
        await WarmUpAsync(client);
        api.Logs.Clear();
        api.Database.Stall();
        var cancelledBefore = api.Database.Cancelled;

        var response = await client.PostGraphQLAsync(DatabaseQuery).WaitAsync(TimeSpan.FromSeconds(10));
        api.Database.Release();

        Assert.True(api.Database.QueryStarted.IsCompleted);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("REQUEST_TIMEOUT", response.FirstErrorCode);
        Assert.Null(response.Errors![0]!["extensions"]!["details"]);
        Assert.Equal(cancelledBefore + 1, api.Database.Cancelled);
        Assert.DoesNotContain(api.Logs.Entries, e => e.Exception is not null || e.Level >= LogLevel.Error);
        (await client.PostGraphQLAsync(DatabaseQuery)).DataOrFail();
    }

    [Fact]
    public async Task A_mutation_runs_under_the_longer_mutation_budget()
    {
        var handle = await api.QueryDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
            db.Sellers.Where(s => s.Status == Api.Sellers.SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle)));
        using var client = api.CreateClient(await api.SellerTokenAsync(handle));
        await WarmUpAsync(client);
        api.Database.Stall();

        var response = await client.PostGraphQLAsync(
            "mutation { adjustStock(input: {listingId: \"gid://marketplace/Offer/1\", delta: 1}) { userErrors { code } } }").WaitAsync(TimeSpan.FromSeconds(15));
        api.Database.Release();

        Assert.Equal("REQUEST_TIMEOUT", response.FirstErrorCode);
        Assert.Contains("longer than 3 s", response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_that_hangs_up_is_logged_in_one_information_line()
    {
        using var client = api.CreateClient();
        await WarmUpAsync(client);
        api.Logs.Clear();
        api.Database.Stall();
        using var hangUp = new CancellationTokenSource();

        var request = client.PostAsJsonAsync("/graphql", new { query = DatabaseQuery }, hangUp.Token);
        await api.Database.QueryStarted.WaitAsync(TimeSpan.FromSeconds(10));
        hangUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        var line = await api.Logs.WaitForAsync(e => e.Message.Contains("closed the connection")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Null(line.Exception);
        Assert.DoesNotContain(api.Logs.Entries, e => e.Exception is not null || e.Level >= LogLevel.Warning);
    }
}

public sealed class ShutdownTests
{
    private sealed class LongBudgetApi : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["GraphQL:Limits:RequestTimeoutSeconds"] = "600",
        };
    }

    [Fact]
    public async Task Stopping_the_host_ends_a_request_in_flight_with_SHUTTING_DOWN()
    {
        using var api = new LongBudgetApi();
        using var client = api.CreateClient();
        await TimeBudgetTests.WarmUpAsync(client);
        api.Database.Stall();

        var request = client.PostGraphQLAsync(TimeBudgetTests.DatabaseQuery);
        await api.Database.QueryStarted.WaitAsync(TimeSpan.FromSeconds(10));
        api.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var response = await request.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(api.Database.Cancelled > 0);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal("SHUTTING_DOWN", response.FirstErrorCode);
    }
}
