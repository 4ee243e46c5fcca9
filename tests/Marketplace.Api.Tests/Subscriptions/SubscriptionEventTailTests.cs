using System.Collections.Concurrent;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Api.GraphQL.Subscriptions.SubscriptionEvents;

namespace Marketplace.Api.Tests.Subscriptions;

/// <summary>The log tail on its own (a second tail over the API's database, feeding a hub of its own).</summary>
public sealed class SubscriptionEventTailTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Key = "tail-test";

    [Fact]
    public async Task A_lower_id_committed_after_a_higher_one_is_still_delivered_once()
    {
        var hub = ActivatorUtilities.CreateInstance<SubscriptionHub>(api.Services);
        var tail = ActivatorUtilities.CreateInstance<SubscriptionEventTail>(api.Services, (ISubscriptionHub)hub);
        var heard = new ConcurrentQueue<string>();
        using var listening = hub.Listen(null, Key).Subscribe(new Collect(heard));
        await tail.ReadOnceAsync(CancellationToken.None);
        var end = await api.QueryDbAsync(db => db.SubscriptionEventLog.MaxAsync(e => (long?)e.Id)) ?? 0;

        await AppendAsync(end + 10, "later-id");
        var first = await tail.ReadOnceAsync(CancellationToken.None);
        await AppendAsync(end + 5, "earlier-id-committed-late");
        var second = await tail.ReadOnceAsync(CancellationToken.None);
        var third = await tail.ReadOnceAsync(CancellationToken.None);

        Assert.Equal((1, 1, 0), (first, second, third));
        await WaitUntilAsync(() => heard.Count == 2);
        Assert.Equal(["later-id", "earlier-id-committed-late"], heard);
    }

    [Fact]
    public async Task Events_already_in_the_log_when_the_tail_starts_are_not_replayed()
    {
        await AppendAsync(null, "before-start");
        var hub = ActivatorUtilities.CreateInstance<SubscriptionHub>(api.Services);
        var tail = ActivatorUtilities.CreateInstance<SubscriptionEventTail>(api.Services, (ISubscriptionHub)hub);

        await tail.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(0, await tail.ReadOnceAsync(CancellationToken.None));
    }

    private async Task AppendAsync(long? id, string name)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var entry = new SubscriptionEventLogEntry { Name = name, Key = Key, Data = "{}", CreatedAt = DateTime.UtcNow };
        if (id is { } explicitId) entry.Id = explicitId;
        db.SubscriptionEventLog.Add(entry);
        await db.SaveChangesAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, timeout.Token);
    }

    private sealed class Collect(ConcurrentQueue<string> heard) : IObserver<SubscriptionEvent>
    {
        public void OnNext(SubscriptionEvent value) => heard.Enqueue(value.Name);
        public void OnError(Exception error) { }
        public void OnCompleted() { }
    }
}
