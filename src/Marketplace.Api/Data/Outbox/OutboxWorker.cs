using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Data.Outbox;

/// <summary>
/// Drains one topic: claims a batch under a lease, hands it to the topic's handler, deletes it when the handler
/// succeeds and reschedules it with backoff when it fails. One per handler in each instance; instances share the work
/// through the leases, never the same row at once.
/// </summary>
public sealed class OutboxWorker(
    IOutboxHandler handler, IServiceScopeFactory scopes, OutboxSignal signal, IOptions<OutboxOptions> options, ILogger<OutboxWorker> logger)
    : BackgroundService
{
    private static readonly ActivitySource Activity = new("Marketplace.Api.Outbox");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var poll = TimeSpan.FromMilliseconds(settings.PollMilliseconds);
        var coalesce = TimeSpan.FromMilliseconds(settings.CoalesceMilliseconds);
        var lastBatch = 0L;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            int processed;
            var nextCommit = signal.NextCommit(handler.Topic);
            try
            {
                var started = Stopwatch.GetTimestamp();
                processed = await DrainOnceAsync(stoppingToken);
                if (processed > 0) lastBatch = started;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The database itself failed (claiming or completing); try again at the next poll.
                logger.LogWarning("Outbox topic {Topic}: {Error}", handler.Topic, e.Message);
                processed = 0;
            }
            if (processed == 0)
            {
                try
                {
                    // A commit soon after the last batch waits for the rest of the window, so the rows of a burst of
                    // commits (checkouts under load) go in one batch rather than a claim and a delete each.
                    if (await OutboxSignal.WaitAsync(nextCommit, poll, stoppingToken) && coalesce - Stopwatch.GetElapsedTime(lastBatch) is { Ticks: > 0 } rest)
                        await Task.Delay(rest, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims and processes one batch; the number of rows it held (0 when there was nothing to do).</summary>
    public async Task<int> DrainOnceAsync(CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var leases = scope.ServiceProvider.GetRequiredService<OutboxLeases>();
        var batch = await leases.ClaimAsync(handler.Topic, handler.BatchSize, TimeSpan.FromSeconds(settings.LeaseSeconds), ct);
        if (batch.Count == 0) return 0;

        using var activity = Activity.StartActivity($"outbox {handler.Topic}");
        activity?.SetTag("outbox.batch_size", batch.Count);
        // The handler's work must end before the lease does, or another instance could take the rows over meanwhile.
        using var leaseTime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        leaseTime.CancelAfter(TimeSpan.FromSeconds(settings.LeaseSeconds * 0.9));
        try
        {
            await handler.HandleAsync(batch, leaseTime.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Outbox topic {Topic}: a batch of {Count} failed (attempt {Attempt}) and will be retried: {Error}",
                handler.Topic, batch.Count, batch[0].Attempts + 1, e.Message);
            await leases.RetryLaterAsync(batch, e.Message, handler.MaxAttempts, TimeSpan.FromSeconds(settings.MaxBackoffSeconds), CancellationToken.None);
            return batch.Count;
        }
        if (!handler.DeletesBatch) await leases.CompleteAsync(batch, CancellationToken.None);
        return batch.Count;
    }
}
