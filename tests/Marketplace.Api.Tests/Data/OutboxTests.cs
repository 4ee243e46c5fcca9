using System.Collections.Concurrent;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Tests.Data;

public sealed class OutboxTestsOnSqlite(MarketplaceApiFactory host) : OutboxTests<MarketplaceApiFactory>(host);

public sealed class OutboxTestsOnPostgres(PostgresMarketplaceApiFactory host) : OutboxTests<PostgresMarketplaceApiFactory>(host);

/// <summary>The lease protocol itself, on a topic of its own that no worker of the host drains.</summary>
public abstract class OutboxTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private async Task<string> TopicWithRowsAsync(int count)
    {
        var topic = $"test.{Guid.NewGuid():N}"[..30];
        await api.QueryDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            await db.InTransactionAsync(async ct =>
            {
                await Outbox.EnqueueAsync(db, [.. Enumerable.Range(0, count).Select(i => Outbox.Message(topic, new { i }, now))], ct);
                return true;
            }, CancellationToken.None);
            return true;
        });
        return topic;
    }

    private async Task<T> WithLeasesAsync<T>(Func<OutboxLeases, Task<T>> work, TimeProvider? time = null)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        return await work(new OutboxLeases(db, time ?? TimeProvider.System));
    }

    [SkippableFact]
    public async Task Workers_claiming_at_once_never_get_the_same_row()
    {
        var topic = await TopicWithRowsAsync(120);
        var claimed = new ConcurrentBag<long>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var batch = await WithLeasesAsync(leases => leases.ClaimAsync(topic, 7, Lease, CancellationToken.None));
                if (batch.Count == 0) break;
                foreach (var message in batch) claimed.Add(message.Id);
            }
        })));

        Assert.Equal(120, claimed.Count);
        Assert.Equal(120, claimed.Distinct().Count());
    }

    [SkippableFact]
    public async Task A_lapsed_lease_passes_the_row_on_and_the_late_worker_cannot_complete_it()
    {
        var topic = await TopicWithRowsAsync(1);
        var first = await WithLeasesAsync(leases => leases.ClaimAsync(topic, 10, Lease, CancellationToken.None));
        Assert.Empty(await WithLeasesAsync(leases => leases.ClaimAsync(topic, 10, Lease, CancellationToken.None)));

        var later = new ShiftedTime(Lease + TimeSpan.FromSeconds(1));
        var second = await WithLeasesAsync(leases => leases.ClaimAsync(topic, 10, Lease, CancellationToken.None), later);
        Assert.Equal(first.Select(m => m.Id), second.Select(m => m.Id));

        Assert.Equal(0, await WithLeasesAsync(leases => leases.CompleteAsync(first, CancellationToken.None)));
        Assert.Equal(1, await WithLeasesAsync(leases => leases.CompleteAsync(second, CancellationToken.None)));
        Assert.Equal(0, await api.QueryDbAsync(db => db.OutboxMessages.CountAsync(m => m.Topic == topic)));
    }

    [SkippableFact]
    public async Task A_failing_handler_leaves_the_rows_for_a_later_attempt_and_a_limited_topic_sets_them_aside()
    {
        var topic = await TopicWithRowsAsync(3);
        var handler = new FailingHandler(topic, maxAttempts: 2);
        var worker = new OutboxWorker(handler, api.Services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal(),
            Options.Create(new OutboxOptions()), NullLogger<OutboxWorker>.Instance);

        Assert.Equal(3, await worker.DrainOnceAsync(CancellationToken.None));
        var afterFirst = await api.QueryDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Topic == topic).ToListAsync());
        Assert.All(afterFirst, m =>
        {
            Assert.Equal(1, m.Attempts);
            Assert.Equal("the receiver is down", m.LastError);
            Assert.True(m.AvailableAt > DateTime.UtcNow, "the retry waits for its backoff");
            Assert.Null(m.LeaseToken);
            Assert.Null(m.DeadAt);
        });
        Assert.Equal(0, await worker.DrainOnceAsync(CancellationToken.None));

        await api.QueryDbAsync(db => db.OutboxMessages.Where(m => m.Topic == topic).ExecuteUpdateAsync(set => set.SetProperty(m => m.AvailableAt, DateTime.UtcNow.AddSeconds(-1))));
        Assert.Equal(3, await worker.DrainOnceAsync(CancellationToken.None));
        var dead = await api.QueryDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Topic == topic).ToListAsync());
        Assert.All(dead, m => Assert.NotNull(m.DeadAt));
        await api.QueryDbAsync(db => db.OutboxMessages.Where(m => m.Topic == topic).ExecuteUpdateAsync(set => set.SetProperty(m => m.AvailableAt, DateTime.UtcNow.AddSeconds(-1))));
        Assert.Equal(0, await worker.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(2, handler.Calls);
    }

    [SkippableFact]
    public async Task A_handled_batch_is_deleted()
    {
        var topic = await TopicWithRowsAsync(5);
        var handler = new RecordingHandler(topic);
        var worker = new OutboxWorker(handler, api.Services.GetRequiredService<IServiceScopeFactory>(), new OutboxSignal(),
            Options.Create(new OutboxOptions()), NullLogger<OutboxWorker>.Instance);

        Assert.Equal(5, await worker.DrainOnceAsync(CancellationToken.None));

        Assert.Equal(5, handler.Payloads.Count);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $$"""{"i":{{i}}}"""), handler.Payloads);
        Assert.Equal(0, await api.QueryDbAsync(db => db.OutboxMessages.CountAsync(m => m.Topic == topic)));
    }

    private sealed class FailingHandler(string topic, int maxAttempts) : IOutboxHandler
    {
        public int Calls;
        public string Topic => topic;
        public int? MaxAttempts => maxAttempts;

        public Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
        {
            Calls++;
            throw new HttpRequestException("the receiver is down");
        }
    }

    private sealed class RecordingHandler(string topic) : IOutboxHandler
    {
        public List<string> Payloads { get; } = [];
        public string Topic => topic;

        public Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
        {
            Payloads.AddRange(batch.Select(m => m.Payload));
            return Task.CompletedTask;
        }
    }
}
