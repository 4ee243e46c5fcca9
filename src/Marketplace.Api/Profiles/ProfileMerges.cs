using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

/// <summary>Folds one person's anonymous profile into their customer profile, in the caller's transaction.</summary>
public sealed class ProfileMerges(MarketplaceDb db, ProfileActivity activity, ProfileErasure erasure)
{
    public async Task MergeAsync(Profile into, Profile from, DateTime now, CancellationToken ct)
    {
        var affinities = Affinities.Parse(into.Affinities);
        activity.Absorb(into, affinities, from, now);
        into.Version++;
        await db.TrackedEvents.Where(e => e.ProfileId == from.Id).ExecuteUpdateAsync(set => set.SetProperty(e => e.ProfileId, into.Id), ct);
        await db.ProfileIdentities.Where(i => i.ProfileId == from.Id).ExecuteUpdateAsync(set => set.SetProperty(i => i.ProfileId, into.Id), ct);
        foreach (var entry in db.ChangeTracker.Entries<ProfileIdentity>().Where(e => e.Entity.ProfileId == from.Id))
        {
            entry.Entity.ProfileId = into.Id;
            entry.Property(i => i.ProfileId).OriginalValue = into.Id;
        }
        await erasure.RemoveAsync(from, now, ct);
    }
}
