using System.Threading.Channels;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using static Marketplace.Api.GraphQL.Subscriptions.SubscriptionEvents;

namespace Marketplace.Api.GraphQL.Subscriptions;

/// <summary>
/// Takes <see cref="SubscriptionEvents.Topic"/> rows from the outbox (one instance gets each) and appends them to the
/// event log that every instance tails. The append and the outbox delete are one short transaction of two statements,
/// so ids in the log commit nearly in order, which is what lets the tail's reorder window stay small, and each event
/// is appended once.
/// </summary>
public sealed class SubscriptionEventLogWriter(IServiceScopeFactory scopes, TimeProvider time, SubscriptionEventTail tail) : IOutboxHandler
{
    public string Topic => SubscriptionEvents.Topic;

    public bool DeletesBatch => true;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var entries = batch.Select(Outbox.Read<SubscriptionEvent>).Select(e => new SubscriptionEventLogEntry
        {
            Name = e.Name,
            Key = e.Key,
            Data = e.Data.GetRawText(),
            CreatedAt = now,
        }).ToList();
        var ids = batch.Select(m => m.Id).ToList();
        var lease = batch[0].LeaseToken;
        await db.InTransactionAsync(async token =>
        {
            await new BulkInsert<SubscriptionEventLogEntry>(db).InsertAsync(db.Database, entries, token);
            var taken = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeaseToken == lease).ExecuteDeleteAsync(token);
            // Another worker took the events over (our lease lapsed): leave them to it rather than append them twice.
            if (taken != ids.Count) throw new InvalidOperationException("The lease on these subscription events lapsed.");
            return true;
        }, ct);
        tail.Wake();
    }
}

/// <summary>
/// Reads the event log on every instance and hands new events to this instance's <see cref="ISubscriptionHub"/>:
/// at once when this instance appended them, within a poll when another did. Starts at the end of the log
/// (subscribers hear what happens after they subscribe, no replay) and prunes rows past their retention.
/// </summary>
public sealed class SubscriptionEventTail(
    IServiceScopeFactory scopes, ISubscriptionHub hub, TimeProvider time, IOptions<SubscriptionOptions> options, ILogger<SubscriptionEventTail> logger)
    : BackgroundService
{
    private const int PageSize = 1_000;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    // Ids delivered and when; the floor is the highest id seen longer than the reorder window ago, below which
    // nothing new can still appear.
    private readonly SortedDictionary<long, DateTime> seen = [];
    private long? floor;
    private DateTime nextPrune;

    private readonly TaskCompletionSource reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake() => wake.Writer.TryWrite(true);

    /// <summary>Completes once the tail knows where the log ends: events committed after that reach listeners.</summary>
    public Task Reading => reading.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromMilliseconds(settings.PollMilliseconds);
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await ReadOnceAsync(stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Subscription event log: {Error}", e.Message);
                }
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(poll);
                try
                {
                    await wake.Reader.ReadAsync(timeout.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            hub.CompleteAll();
        }
    }

    /// <summary>Delivers what is new in the log; the number of events delivered.</summary>
    public async Task<int> ReadOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var log = db.SubscriptionEventLog.AsNoTracking();
        if (floor is null)
        {
            floor = await log.MaxAsync(e => (long?)e.Id, ct) ?? 0;
            reading.TrySetResult();
            return 0;
        }

        var from = floor.Value;
        var rows = await log.Where(e => e.Id > from).OrderBy(e => e.Id).Take(PageSize).ToListAsync(ct);
        var delivered = 0;
        foreach (var row in rows)
        {
            if (!seen.TryAdd(row.Id, now)) continue;
            try
            {
                hub.Publish(SubscriptionEventJson.FromLog(row));
                delivered++;
            }
            catch (System.Text.Json.JsonException e)
            {
                logger.LogWarning("Subscription event {Id} is not JSON and was skipped: {Error}", row.Id, e.Message);
            }
        }

        var settled = now - TimeSpan.FromMilliseconds(settings.ReorderWindowMilliseconds);
        foreach (var (id, at) in seen)
        {
            if (at > settled) break;
            floor = Math.Max(floor.Value, id);
        }
        // A page cut short by PageSize leaves the rest above the last row read, so the floor may not pass it.
        if (rows.Count == PageSize) floor = Math.Min(floor.Value, rows[^1].Id);
        foreach (var id in seen.Keys.TakeWhile(id => id <= floor.Value).ToList()) seen.Remove(id);

        if (now >= nextPrune)
        {
            nextPrune = now + PruneEvery;
            var cutoff = now - TimeSpan.FromMinutes(settings.RetentionMinutes);
            await db.SubscriptionEventLog.Where(e => e.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        }
        return delivered;
    }
}
