using Marketplace.Api.Data;
using Marketplace.Api.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Personalization;

/// <summary>
/// Reads the caller's <see cref="CallerFeatures"/> once a request, from the profile the request names (token or
/// X-Visitor-Id). What a profile's events produce is cached per profile and version (every stored event bumps the
/// version, so a new event is seen at once, on any instance); segment memberships changed by a recompute, which
/// bumps no version, are seen within <see cref="CachedFor"/>.
/// </summary>
public sealed class CallerFeaturesProvider(
    MarketplaceDb db, ProfileService profiles, CallerFeaturesCache cache, IOptions<ProfilesOptions> options, TimeProvider time)
{
    public static readonly TimeSpan CachedFor = TimeSpan.FromSeconds(30);

    /// <summary>How many of the caller's newest events personalization reads.</summary>
    public const int RecentEventCount = 200;

    private Task<CallerFeatures>? current;

    public Task<CallerFeatures> GetAsync(CancellationToken ct) => current ??= ReadAsync(ct);

    private async Task<CallerFeatures> ReadAsync(CancellationToken ct)
    {
        var profile = await profiles.CurrentAsync(ct);
        if (profile is null) return CallerFeatures.Anonymous;
        if (profile.ConsentWithdrawnAt is not null) return CallerFeatures.Anonymous with { ProfileId = profile.Id };
        return await ReadAsync(profile, ct);
    }

    /// <summary>The features of a known profile (tools and tests name it directly).</summary>
    public async Task<CallerFeatures> ReadAsync(Profile profile, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!cache.TryGet(profile.Id, profile.Version, now - CachedFor, out var features))
        {
            features = await ReadUncachedAsync(profile, now, ct);
            cache.Set(profile.Id, profile.Version, now, features);
        }
        return features with { SessionStartedAt = SessionStart(features.Recent, now) };
    }

    private async Task<CallerFeatures> ReadUncachedAsync(Profile profile, DateTime now, CancellationToken ct)
    {
        var segmentIds = await db.SegmentMemberships.AsNoTracking().Where(m => m.ProfileId == profile.Id).Select(m => m.SegmentId).ToListAsync(ct);
        var persona = segmentIds.Count == 0 ? null : (await PersonaByProfileLoader.PersonasOf(db, [profile.Id], ct)).GetValueOrDefault(profile.Id);
        var recent = await db.TrackedEvents.AsNoTracking().Where(e => e.ProfileId == profile.Id)
            .OrderByDescending(e => e.Timestamp).ThenByDescending(e => e.Id).Take(RecentEventCount)
            .Select(e => new RecentEvent(e.Type, e.Timestamp, e.ProductId, e.VariantId, e.CategoryPath, e.Brand, e.Gender, e.Color, e.Size, e.Query))
            .ToListAsync(ct);
        var affinities = Affinities.Parse(profile.Affinities);
        affinities.DecayTo(now, options.Value.AffinityHalfLife);
        return new CallerFeatures(profile.Id, true, affinities, segmentIds, persona, recent, null);
    }

    /// <summary>When the current session began: the oldest of the newest events with no gap over the timeout, the last within it of now.</summary>
    private DateTime? SessionStart(IReadOnlyList<RecentEvent> newestFirst, DateTime now)
    {
        var timeout = TimeSpan.FromMinutes(options.Value.SessionTimeoutMinutes);
        if (newestFirst.Count == 0 || now - newestFirst[0].At > timeout) return null;
        var start = newestFirst[0].At;
        foreach (var e in newestFirst.Skip(1))
        {
            if (start - e.At > timeout) break;
            start = e.At;
        }
        return start;
    }
}

/// <summary>Features by profile, for <see cref="CallerFeaturesProvider"/>; bounded, the least recently read go first.</summary>
public sealed class CallerFeaturesCache
{
    public const int Capacity = 50_000;

    private readonly MemoryCache entries = new(new MemoryCacheOptions
    {
        SizeLimit = Capacity,
        CompactionPercentage = 0.2,
    });

    private sealed record Entry(int Version, DateTime ReadAt, CallerFeatures Features);

    public bool TryGet(long profileId, int version, DateTime readSince, out CallerFeatures features)
    {
        if (entries.TryGetValue(profileId, out Entry? entry) && entry!.Version == version && entry.ReadAt >= readSince)
        {
            features = entry.Features;
            return true;
        }
        features = CallerFeatures.Anonymous;
        return false;
    }

    public void Set(long profileId, int version, DateTime readAt, CallerFeatures features) =>
        entries.Set(profileId, new Entry(version, readAt, features), new MemoryCacheEntryOptions { Size = 1 });
}
