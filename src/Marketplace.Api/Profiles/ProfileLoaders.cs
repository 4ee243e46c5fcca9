using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Loading;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

/// <summary>The segments each profile is in, by name: one query for a page of profiles.</summary>
public sealed class SegmentsByProfileLoader(MarketplaceDb db) : ListLoader<long, Segment>
{
    protected override async Task<IReadOnlyDictionary<long, IReadOnlyList<Segment>>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct)
    {
        var rows = await db.SegmentMemberships.AsNoTracking().Where(m => keys.Contains(m.ProfileId))
            .Join(db.Segments.AsNoTracking(), m => m.SegmentId, s => s.Id, (m, s) => new { m.ProfileId, Segment = s })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ProfileId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Segment>)[.. g.Select(r => r.Segment).OrderBy(s => s.Name, StringComparer.Ordinal)]);
    }
}

/// <summary>
/// Each profile's persona: that of its highest-priority segment which has one (ties: the older persona), or none.
/// Two queries for a page of profiles.
/// </summary>
public sealed class PersonaByProfileLoader(MarketplaceDb db) : EntityLoader<long, Persona>
{
    protected override Task<IReadOnlyDictionary<long, Persona?>> FetchAsync(IReadOnlyCollection<long> keys, CancellationToken ct) =>
        PersonasOf(db, keys, ct);

    /// <summary>Each profile's persona (profiles without one are left out), for a page of profiles or one caller.</summary>
    public static async Task<IReadOnlyDictionary<long, Persona?>> PersonasOf(MarketplaceDb db, IReadOnlyCollection<long> profileIds, CancellationToken ct)
    {
        var links = await db.SegmentMemberships.AsNoTracking().Where(m => profileIds.Contains(m.ProfileId))
            .Join(db.PersonaSegments.AsNoTracking(), m => m.SegmentId, l => l.SegmentId, (m, l) => new { m.ProfileId, l.PersonaId, l.Priority })
            .ToListAsync(ct);
        var chosen = links.GroupBy(l => l.ProfileId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(l => l.Priority).ThenBy(l => l.PersonaId).First().PersonaId);
        var ids = chosen.Values.Distinct().ToList();
        var personas = await db.Personas.AsNoTracking().Include(p => p.Segments).Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        return chosen.ToDictionary(c => c.Key, c => (Persona?)personas[c.Value]);
    }
}
