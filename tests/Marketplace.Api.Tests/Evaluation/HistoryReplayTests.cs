using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Profiles;
using Marketplace.Api.Recommendations.Evaluation;
using Marketplace.Api.Seeding;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Tests.Evaluation;

/// <summary>The replay into a throwaway demo marketplace, read back from its database.</summary>
public sealed class HistoryReplayTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("marketplace-replay-");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        work.Delete(recursive: true);
    }

    private sealed class NoProgress : IProgress<int>
    {
        public void Report(int value) { }
    }

    [Fact]
    public async Task Replay_stores_the_training_events_and_orders_through_the_api_and_nothing_from_after_the_cutoff()
    {
        var now = DateTime.UtcNow;
        var end = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var clock = new EvaluationClock(end.AddDays(-HistoryGenerator.Days));
        await using var host = EvaluationHost.Build(work.FullName, clock);
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(Path.Combine(RepositoryPaths.Root, "seed", "demo"));
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var catalog = await EvaluationCatalog.LoadAsync(db, scope.ServiceProvider.GetRequiredService<IOptions<CatalogOptions>>(), CancellationToken.None);
        var history = new HistoryGenerator(catalog, seed: 5).Generate(12, end);
        var split = EvaluationSplit.Of(history);

        var result = await new HistoryReplay(host.Services, clock).ReplayAsync(history, split.Training, new NoProgress(), CancellationToken.None);

        var stored = await db.TrackedEvents.AsNoTracking().Select(e => new { e.EventId, e.Type, e.Timestamp, e.CustomerId }).ToListAsync();
        var tracked = split.Training.Where(e => e.Action != SyntheticAction.Purchase).ToList();
        var purchases = split.Training.Where(e => e.Action == SyntheticAction.Purchase).ToList();
        Assert.Equal((tracked.Count, 0, 0), (result.EventsAccepted, result.EventsRejected, result.OrdersRefused));
        Assert.Equal(tracked.Select(e => $"eval-{e.Sequence}").Order(), stored.Where(e => e.Type != TrackedEventType.Purchase).Select(e => e.EventId).Order());
        // Each session's purchases became one real order, whose lines reached the profiles as PURCHASE events through the outbox.
        Assert.Equal(purchases.Select(e => (e.Shopper, e.Session)).Distinct().Count(), result.Orders);
        Assert.Equal(result.Orders, await db.Orders.CountAsync());
        Assert.Equal(purchases.Count, stored.Count(e => e.Type == TrackedEventType.Purchase));
        Assert.Equal(0, await db.OutboxMessages.CountAsync(m => m.AvailableAt <= history.Cutoff));
        // Nothing held out reached the API; everything stored is the shoppers' and from before the cutoff (orders at their step's end, at most the cutoff).
        var heldOut = history.HeldOut.Select(e => $"eval-{e.Sequence}").ToHashSet();
        Assert.DoesNotContain(stored, e => heldOut.Contains(e.EventId));
        Assert.All(stored, e => Assert.True(e.Timestamp <= history.Cutoff, $"{e.EventId} at {e.Timestamp:O}"));
        Assert.All(stored, e => Assert.StartsWith("eval-shopper-", e.CustomerId));
    }
}
