using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Segments;

/// <summary>
/// Real-time membership: re-evaluates every segment for the profiles an event batch (or a trait change, a merge)
/// touched, in the caller's transaction, so the membership is there on the caller's next request.
/// </summary>
public sealed class SegmentEvaluator(MarketplaceDb db, SegmentRules rules, SegmentMembershipWriter writer)
{
    public async Task EvaluateAsync(IReadOnlyCollection<Profile> profiles, DateTime now, CancellationToken ct)
    {
        if (profiles.Count == 0) return;
        var segments = await rules.CurrentAsync(db, ct);
        var ids = profiles.Select(p => p.Id).ToList();
        var current = (await db.SegmentMemberships.AsNoTracking().Where(m => ids.Contains(m.ProfileId))
            .Select(m => new { m.SegmentId, m.ProfileId }).ToListAsync(ct))
            .Select(m => (m.SegmentId, m.ProfileId)).ToHashSet();
        if (segments.Count == 0 && current.Count == 0) return;
        var events = await SegmentRules.EventsAsync(db, [.. segments.Select(s => s.Rule)], ids, now, ct);

        var changes = Changes(segments, profiles, events, (segment, profile) => current.Contains((segment, profile)), now);
        await writer.ApplyAsync(changes, now, ct);
    }

    /// <summary>The profiles' entries to and exits from the segments, given who is a member now.</summary>
    public static List<MembershipChange> Changes(
        IReadOnlyCollection<ActiveSegment> segments, IEnumerable<Profile> profiles, ILookup<long, EventFact> events, Func<long, long, bool> isMember, DateTime now)
    {
        var changes = new List<MembershipChange>();
        foreach (var profile in profiles)
        {
            var facts = ProfileFacts.Of(profile, events);
            foreach (var segment in segments)
            {
                var member = isMember(segment.Id, profile.Id);
                if (segment.Rule.Matches(facts, now) != member)
                    changes.Add(new MembershipChange(segment.Id, segment.Name, profile.Id, profile.CustomerId, Entered: !member));
            }
        }
        return changes;
    }
}
