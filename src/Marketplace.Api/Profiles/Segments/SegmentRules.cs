using System.Collections.Concurrent;
using Marketplace.Api.Data;
using Marketplace.Api.Profiles.Segments.Rules;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Segments;

/// <summary>A segment's rule, parsed, as of its rule version.</summary>
public sealed record ActiveSegment(long Id, string Name, int RuleVersion, SegmentRule Rule);

/// <summary>
/// The segments' parsed rules. Every call reads the segments' ids and versions from the database (a few dozen rows),
/// so a rule saved through any instance is used by every instance on its next event; only the parsing is cached.
/// </summary>
public sealed class SegmentRules
{
    private readonly ConcurrentDictionary<(long Id, int Version), SegmentRule?> parsed = new();

    public async Task<IReadOnlyList<ActiveSegment>> CurrentAsync(MarketplaceDb db, CancellationToken ct)
    {
        var segments = await db.Segments.AsNoTracking().Select(s => new { s.Id, s.Name, s.RuleVersion }).ToListAsync(ct);
        var unknown = segments.Where(s => !parsed.ContainsKey((s.Id, s.RuleVersion))).Select(s => s.Id).ToList();
        if (unknown.Count > 0)
            foreach (var segment in await db.Segments.AsNoTracking().Where(s => unknown.Contains(s.Id)).Select(s => new { s.Id, s.RuleVersion, s.Rule }).ToListAsync(ct))
                Parse(segment.Id, segment.RuleVersion, segment.Rule);
        var active = new List<ActiveSegment>(segments.Count);
        foreach (var segment in segments)
            if (parsed.TryGetValue((segment.Id, segment.RuleVersion), out var rule) && rule is not null)
                active.Add(new ActiveSegment(segment.Id, segment.Name, segment.RuleVersion, rule));
        return active;
    }

    /// <summary>The parsed rule; null for a stored rule that no longer parses (saved rules always did).</summary>
    public SegmentRule? Parse(long segmentId, int version, string text) =>
        parsed.GetOrAdd((segmentId, version), _ => SegmentRule.Parse(text).Rule);

    /// <summary>The events the rules look at, for these profiles: only the types and the window they ask for.</summary>
    public static async Task<ILookup<long, EventFact>> EventsAsync(
        MarketplaceDb db, IReadOnlyCollection<SegmentRule> rules, IReadOnlyCollection<long> profileIds, DateTime now, CancellationToken ct)
    {
        var window = rules.Select(r => r.EventWindow).Where(w => w is not null).Max();
        if (window is null || profileIds.Count == 0) return Array.Empty<EventFact>().ToLookup(_ => 0L);
        var types = rules.SelectMany(r => r.EventTypes).Distinct().ToList();
        var since = now - window.Value;
        var rows = await db.TrackedEvents.AsNoTracking()
            .Where(e => profileIds.Contains(e.ProfileId) && e.Timestamp > since && types.Contains(e.Type))
            .Select(e => new { e.ProfileId, Fact = new EventFact(e.Type, e.Timestamp, e.CategoryPath, e.Brand, e.Gender, e.Color, e.Size, e.Value, e.ProductId, e.Query) })
            .ToListAsync(ct);
        return rows.ToLookup(r => r.ProfileId, r => r.Fact);
    }
}
