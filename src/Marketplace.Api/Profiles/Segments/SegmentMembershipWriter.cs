using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Segments;

/// <summary>A profile entering or leaving a segment.</summary>
public sealed record MembershipChange(long SegmentId, string SegmentName, long ProfileId, string? CustomerId, bool Entered);

/// <summary>
/// Writes membership changes and, in the same transaction, one outbox row each, so activation (destinations,
/// subscriptions) hears of exactly the changes that commit.
/// </summary>
public sealed class SegmentMembershipWriter(MarketplaceDb db)
{
    public async Task ApplyAsync(IReadOnlyList<MembershipChange> changes, DateTime now, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        var entered = changes.Where(c => c.Entered)
            .Select(c => new SegmentMembership { SegmentId = c.SegmentId, ProfileId = c.ProfileId, EnteredAt = now }).ToList();
        if (entered.Count > 0) await new BulkInsert<SegmentMembership>(db).InsertAsync(db.Database, entered, ct);
        foreach (var left in changes.Where(c => !c.Entered).GroupBy(c => c.ProfileId))
        {
            var segmentIds = left.Select(c => c.SegmentId).ToList();
            await db.SegmentMemberships.Where(m => m.ProfileId == left.Key && segmentIds.Contains(m.SegmentId)).ExecuteDeleteAsync(ct);
        }
        await Outbox.EnqueueAsync(db, [.. changes.Select(c => Outbox.Message(SegmentMembershipChanged.Topic,
            new SegmentMembershipChanged(c.SegmentId, c.SegmentName, c.ProfileId, c.CustomerId, c.Entered, now), now))], ct);
    }

    /// <summary>Takes the profile out of every segment (it is being erased or merged away).</summary>
    public async Task LeaveAllAsync(Profile profile, DateTime now, CancellationToken ct)
    {
        var segments = await db.SegmentMemberships.Where(m => m.ProfileId == profile.Id)
            .Join(db.Segments, m => m.SegmentId, s => s.Id, (m, s) => new { s.Id, s.Name }).ToListAsync(ct);
        await ApplyAsync([.. segments.Select(s => new MembershipChange(s.Id, s.Name, profile.Id, profile.CustomerId, Entered: false))], now, ct);
    }
}
