using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Data.Outbox;

/// <summary>
/// Claims, completes and reschedules outbox rows with a lease, in statements that are safe when several instances run
/// them at once on every provider: the claim is one conditional UPDATE whose WHERE re-checks the lease on each row
/// it writes, so of two racing workers only one gets a row, and completion only deletes rows still under our lease.
/// </summary>
public sealed class OutboxLeases(MarketplaceDb db, TimeProvider time)
{
    public async Task<IReadOnlyList<OutboxMessage>> ClaimAsync(string topic, int batchSize, TimeSpan lease, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var candidates = await Claimable(topic, now).OrderBy(m => m.Id).Take(batchSize).Select(m => m.Id).ToListAsync(ct);
        if (candidates.Count == 0) return [];

        var token = Guid.NewGuid().ToString("N");
        var expires = now + lease;
        var claimed = await Claimable(topic, now)
            .Where(m => candidates.Contains(m.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LeaseToken, token).SetProperty(m => m.LeaseExpiresAt, expires), ct);
        if (claimed == 0) return [];
        return await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.LeaseToken == token).OrderBy(m => m.Id).ToListAsync(ct);
    }

    private IQueryable<OutboxMessage> Claimable(string topic, DateTime now) =>
        db.Set<OutboxMessage>().Where(m => m.Topic == topic && m.DeadAt == null && m.AvailableAt <= now
            && (m.LeaseExpiresAt == null || m.LeaseExpiresAt < now));

    /// <summary>Deletes the rows done; a row whose lease another worker took over in the meantime stays for it.</summary>
    public Task<int> CompleteAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var ids = batch.Select(m => m.Id).ToList();
        var token = batch[0].LeaseToken;
        return db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.LeaseToken == token).ExecuteDeleteAsync(ct);
    }

    /// <summary>Releases the rows for a later attempt, backing off exponentially, or sets aside those out of attempts.</summary>
    public async Task RetryLaterAsync(IReadOnlyList<OutboxMessage> batch, string error, int? maxAttempts, TimeSpan maxBackoff, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = batch[0].LeaseToken;
        error = Limits.Clip(error, Limits.OutboxError);
        foreach (var group in batch.GroupBy(m => m.Attempts))
        {
            var attempts = group.Key + 1;
            var ids = group.Select(m => m.Id).ToList();
            var backoff = Backoff(attempts, maxBackoff);
            DateTime? dead = maxAttempts is { } max && attempts >= max ? now : null;
            await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.LeaseToken == token).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.AvailableAt, now + backoff)
                .SetProperty(m => m.LastError, error)
                .SetProperty(m => m.DeadAt, dead)
                .SetProperty(m => m.LeaseToken, (string?)null)
                .SetProperty(m => m.LeaseExpiresAt, (DateTime?)null), ct);
        }
    }

    /// <summary>1 s, 2 s, 4 s, ... up to the cap, with up to a fifth more at random so that instances do not retry in step.</summary>
    public static TimeSpan Backoff(int attempts, TimeSpan max)
    {
        var seconds = Math.Min(Math.Pow(2, Math.Min(attempts - 1, 30)), max.TotalSeconds);
        return TimeSpan.FromSeconds(seconds * (1 + Random.Shared.NextDouble() / 5));
    }

    /// <summary>Rows of a topic waiting (not dead), and the age of the oldest: what readiness reports.</summary>
    public async Task<(int Pending, TimeSpan OldestAge)> BacklogAsync(string topic, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var pending = db.Set<OutboxMessage>().Where(m => m.Topic == topic && m.DeadAt == null);
        var count = await pending.CountAsync(ct);
        if (count == 0) return (0, TimeSpan.Zero);
        var oldest = await pending.MinAsync(m => m.CreatedAt, ct);
        return (count, now - oldest);
    }
}
