using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Personalization.Merchandising;

/// <summary>
/// Every rule not yet ended, by segment, read at most once per <see cref="Lifetime"/> per process: search asks on every
/// personalized request, and admins' rules are few. A save on this instance drops the copy at once; another instance
/// sees it when its copy expires, within <see cref="Lifetime"/>. The table stays the source of truth.
/// </summary>
public sealed class MerchandisingRuleCache(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private volatile Snapshot? current;

    private sealed record Snapshot(DateTime ReadAt, long Generation, ILookup<long, MerchandisingRule> BySegment);

    private long generation;

    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        current = null;
    }

    public async Task<ILookup<long, MerchandisingRule>> RulesAsync(MarketplaceDb db, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (Fresh(current, now) is { } hit) return hit.BySegment;
        await refresh.WaitAsync(ct);
        try
        {
            // Another request may have read them while this one waited.
            if (Fresh(current, now) is { } refreshed) return refreshed.BySegment;
            var seen = Interlocked.Read(ref generation);
            var rules = await db.MerchandisingRules.AsNoTracking().Where(r => r.EndsAt == null || r.EndsAt > now).ToListAsync(ct);
            var snapshot = new Snapshot(now, seen, rules.ToLookup(r => r.SegmentId));
            // A save during the read may be missing from it: keep the copy only when none happened.
            if (Interlocked.Read(ref generation) == seen) current = snapshot;
            return snapshot.BySegment;
        }
        finally
        {
            refresh.Release();
        }
    }

    private Snapshot? Fresh(Snapshot? snapshot, DateTime now) =>
        snapshot is not null && snapshot.Generation == Interlocked.Read(ref generation) && now >= snapshot.ReadAt && now - snapshot.ReadAt < Lifetime
            ? snapshot : null;
}

/// <summary>The rules of the given segments whose window holds now, strongest first.</summary>
public sealed class ActiveMerchandising(MarketplaceDb db, MerchandisingRuleCache cache, TimeProvider time) : IActiveMerchandising
{
    public async Task<IReadOnlyList<ActiveMerchandisingRule>> ForSegmentsAsync(IReadOnlyCollection<long> segmentIds, CancellationToken ct)
    {
        if (segmentIds.Count == 0) return [];
        var rules = await cache.RulesAsync(db, ct);
        var now = time.GetUtcNow().UtcDateTime;
        return [.. segmentIds.Distinct().SelectMany(id => rules[id])
            .Where(r => r.IsActiveAt(now))
            .OrderBy(r => r.Action == MerchandisingAction.Pin ? 0 : 1).ThenByDescending(r => r.Weight).ThenBy(r => r.Id)
            .Select(r => r.ToActive())];
    }
}
