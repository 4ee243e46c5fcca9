using Marketplace.Api.Data;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

/// <summary>Removes a profile with its events and identities, leaving its segments (so destinations hear it), in the caller's transaction.</summary>
public sealed class ProfileErasure(MarketplaceDb db, SegmentMembershipWriter memberships)
{
    public async Task RemoveAsync(Profile profile, DateTime now, CancellationToken ct)
    {
        await memberships.LeaveAllAsync(profile, now, ct);
        await db.TrackedEvents.Where(e => e.ProfileId == profile.Id).ExecuteDeleteAsync(ct);
        await db.ProfileIdentities.Where(i => i.ProfileId == profile.Id).ExecuteDeleteAsync(ct);
        foreach (var entry in db.ChangeTracker.Entries<ProfileIdentity>().Where(e => e.Entity.ProfileId == profile.Id).ToList())
            entry.State = EntityState.Detached;
        db.Entry(profile).State = EntityState.Detached;
        await db.Profiles.Where(p => p.Id == profile.Id).ExecuteDeleteAsync(ct);
    }
}
