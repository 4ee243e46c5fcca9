using Marketplace.Api.Data;
using Marketplace.Api.Search;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Search;

public sealed class SearchSuggestionTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task What_buyers_search_for_often_becomes_a_suggestion()
    {
        await api.CaughtUpAsync();
        using var client = api.CreateClient();
        for (var i = 0; i < 3; i++)
            (await client.PostGraphQLAsync("{ search(query: \"  Running   SHORTS \") { totalCount } }")).DataOrFail();
        (await client.PostGraphQLAsync("{ search(query: \"zzzz qqqq\") { totalCount } }")).DataOrFail();

        // What the maintenance pass does every few seconds and every minute, run now.
        await using (var scope = api.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
            await api.Services.GetRequiredService<SearchQueryLog>().FlushAsync(db, TimeProvider.System, CancellationToken.None);
            await api.Services.GetRequiredService<ISearchEngine>().ReplacePopularQueriesAsync(
                await SearchQueryLog.PopularAsync(db, SearchMaintenance.PopularQueries, CancellationToken.None), CancellationToken.None);
        }
        var stat = await api.QueryDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.SearchQueryStats, s => s.Query == "running shorts"));
        var suggestions = (await client.PostGraphQLAsync("{ searchSuggestions(prefix: \"runn\", first: 20) { text kind } }"))
            .DataOrFail()["searchSuggestions"]!.AsArray();

        Assert.Equal(3, stat.Count);
        Assert.True(stat.LastResultCount > 0);
        Assert.True(suggestions.Any(s => s!["kind"]!.GetValue<string>() == "QUERY" && s["text"]!.GetValue<string>() == "running shorts"), suggestions.ToJsonString());
        Assert.Null(await api.QueryDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleOrDefaultAsync(db.SearchQueryStats, s => s.Query == "zzzz qqqq" && s.LastResultCount > 0)));
    }
}
