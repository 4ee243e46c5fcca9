using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Search;

/// <summary>
/// The search feature's background chores: builds the index on a first start over a catalog that has none (an
/// upgraded database, a deleted index folder), adds the search tallies to the database every few seconds, and
/// hands the engine the popular queries for suggestions every minute.
/// </summary>
public sealed class SearchMaintenance(
    ISearchEngine engine, SearchQueryLog queries, IServiceScopeFactory scopes, TimeProvider time,
    IOptions<SearchOptions> search, IOptions<DatabaseOptions> database, ILogger<SearchMaintenance> logger) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);
    private const int PopularEvery = 12; // flushes: a minute
    public const int PopularQueries = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (search.Value.Engine == SearchEngineKind.Embedded && database.Value.Provider != DatabaseProvider.Sqlite)
            logger.LogWarning("Search runs embedded (Lucene in this instance's data folder) over a shared {Provider} database. " +
                "Run one API instance, or set Search:Engine=Elasticsearch so that every instance searches the same index.", database.Value.Provider);
        await Chore("build the index", BuildIfMissingAsync, stoppingToken);
        await Chore("refresh popular queries", RefreshPopularQueriesAsync, stoppingToken);
        for (var tick = 1; !stoppingToken.IsCancellationRequested; tick++)
        {
            try
            {
                await Task.Delay(FlushEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await Chore("record search queries", FlushQueriesAsync, stoppingToken);
            if (tick % PopularEvery == 0) await Chore("refresh popular queries", RefreshPopularQueriesAsync, stoppingToken);
        }
        await Chore("record search queries", FlushQueriesAsync, CancellationToken.None);
    }

    private async Task Chore(string name, Func<IServiceProvider, CancellationToken, Task> chore, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await chore(scope.ServiceProvider, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("Search could not {Chore}: {Error}", name, e.Message);
        }
    }

    private async Task BuildIfMissingAsync(IServiceProvider services, CancellationToken ct)
    {
        var health = await engine.CheckHealthAsync(ct);
        if (!health.Available || health.DocumentCount > 0) return;
        var db = services.GetRequiredService<MarketplaceDb>();
        // Pending catalog rows will fill the index themselves (a first start's seed load queues them).
        if (await db.OutboxMessages.AnyAsync(m => m.Topic == Catalog.CatalogChanges.Topic && m.DeadAt == null, ct)) return;
        if (!await db.Products.AnyAsync(p => p.OfferCount > 0, ct)) return;
        logger.LogInformation("The search index is empty and the catalog is not; building it.");
        await services.GetRequiredService<SearchIndexRebuilder>().RebuildAsync(null, ct);
    }

    private Task FlushQueriesAsync(IServiceProvider services, CancellationToken ct) =>
        queries.FlushAsync(services.GetRequiredService<MarketplaceDb>(), time, ct);

    private async Task RefreshPopularQueriesAsync(IServiceProvider services, CancellationToken ct)
    {
        var popular = await SearchQueryLog.PopularAsync(services.GetRequiredService<MarketplaceDb>(), PopularQueries, ct);
        await engine.ReplacePopularQueriesAsync(popular, ct);
    }
}
