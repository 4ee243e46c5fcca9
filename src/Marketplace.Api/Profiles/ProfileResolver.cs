using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

/// <summary>The profiles an event batch belongs to: the signed-in customer's, and each anonymous visitor's.</summary>
public sealed class ResolvedProfiles
{
    public Profile? Customer { get; init; }
    public Dictionary<string, Profile> ByVisitor { get; } = new(StringComparer.Ordinal);

    public Profile? For(string? visitorId) => Customer ?? (visitorId is null ? null : ByVisitor.GetValueOrDefault(visitorId));

    public IEnumerable<Profile> All => Customer is null ? ByVisitor.Values.Distinct() : [Customer];
}

/// <summary>
/// Finds or creates profiles by identity, inside the caller's transaction, and stitches identities: a signed-in
/// request that carries visitor ids merges those visitors' anonymous profiles into the customer's, so later events
/// from either id land on one profile. Merging again finds one profile and changes nothing.
/// </summary>
public sealed class ProfileResolver(MarketplaceDb db, ProfileActivity activity, ProfileMerges merges)
{
    /// <summary>The profiles of <paramref name="customerId"/> (when signed in; then every visitor id is stitched to it) or of each visitor.</summary>
    public async Task<ResolvedProfiles> ResolveAsync(string? customerId, IReadOnlyCollection<string> visitorIds, DateTime now, CancellationToken ct)
    {
        var identities = await db.ProfileIdentities
            .Where(i => (i.Kind == IdentityKind.Customer && i.Value == customerId) || (i.Kind == IdentityKind.Visitor && visitorIds.Contains(i.Value)))
            .ToListAsync(ct);
        var profileIds = identities.Select(i => i.ProfileId).Distinct().ToList();
        var profiles = await db.Profiles.Where(p => profileIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);

        if (customerId is null)
        {
            var anonymous = new ResolvedProfiles();
            var created = new List<(string VisitorId, Profile Profile)>();
            foreach (var visitorId in visitorIds)
            {
                var identity = identities.FirstOrDefault(i => i.Kind == IdentityKind.Visitor && i.Value == visitorId);
                if (identity is not null) anonymous.ByVisitor[visitorId] = profiles[identity.ProfileId];
                else created.Add((visitorId, NewProfile(null, now)));
            }
            if (created.Count > 0)
            {
                // All new profiles in one save, then their identities in one bulk insert, rather than two saves per visitor.
                db.Profiles.AddRange(created.Select(c => c.Profile));
                await db.SaveChangesAsync(ct);
                await new BulkInsert<ProfileIdentity>(db).InsertAsync(db.Database,
                    [.. created.Select(c => NewIdentity(c.Profile.Id, IdentityKind.Visitor, c.VisitorId, now))], ct);
                foreach (var (visitorId, profile) in created) anonymous.ByVisitor[visitorId] = profile;
            }
            return anonymous;
        }

        var customer = identities.FirstOrDefault(i => i.Kind == IdentityKind.Customer) is { } known ? profiles[known.ProfileId] : null;
        foreach (var visitorId in visitorIds)
        {
            var identity = identities.FirstOrDefault(i => i.Kind == IdentityKind.Visitor && i.Value == visitorId);
            var visitorProfile = identity is null ? null : profiles[identity.ProfileId];
            if (customer is null && visitorProfile is { CustomerId: null })
            {
                // The visitor turns out to be this customer: the anonymous profile becomes theirs.
                customer = visitorProfile;
                customer.CustomerId = customerId;
                customer.Version++;
                db.ProfileIdentities.Add(NewIdentity(customer.Id, IdentityKind.Customer, customerId, now));
                continue;
            }
            customer ??= await CreateAsync(customerId, IdentityKind.Customer, customerId, now, ct);
            if (visitorProfile is null)
                db.ProfileIdentities.Add(NewIdentity(customer.Id, IdentityKind.Visitor, visitorId, now));
            else if (visitorProfile == customer)
                continue;
            else if (visitorProfile.CustomerId is null)
            {
                await db.SaveChangesAsync(ct);
                await merges.MergeAsync(customer, visitorProfile, now, ct);
            }
            else
                // A device another customer used before: the id names this customer from now on; the other keeps its history.
                identity!.ProfileId = customer.Id;
        }
        customer ??= await CreateAsync(customerId, IdentityKind.Customer, customerId, now, ct);
        await db.SaveChangesAsync(ct);
        return new ResolvedProfiles { Customer = customer };
    }

    /// <summary>The profile of the customer, else of the visitor; null when neither has one. Creates nothing.</summary>
    public async Task<Profile?> FindAsync(string? customerId, string? visitorId, CancellationToken ct)
    {
        if (customerId is null && visitorId is null) return null;
        var ids = await db.ProfileIdentities.AsNoTracking()
            .Where(i => (i.Kind == IdentityKind.Customer && i.Value == customerId) || (i.Kind == IdentityKind.Visitor && i.Value == visitorId))
            .Select(i => new { i.Kind, i.ProfileId }).ToListAsync(ct);
        var id = ids.FirstOrDefault(i => i.Kind == IdentityKind.Customer)?.ProfileId
            ?? (customerId is null ? ids.FirstOrDefault()?.ProfileId : null);
        return id is null ? null : await db.Profiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
    }

    private Profile NewProfile(string? customerId, DateTime now)
    {
        var profile = new Profile { CustomerId = customerId, CreatedAt = now, FirstSeenAt = now, LastSeenAt = now };
        profile.JourneyStage = activity.StageOf(profile, now);
        return profile;
    }

    private async Task<Profile> CreateAsync(string? customerId, IdentityKind kind, string value, DateTime now, CancellationToken ct)
    {
        var profile = NewProfile(customerId, now);
        db.Profiles.Add(profile);
        await db.SaveChangesAsync(ct);
        db.ProfileIdentities.Add(NewIdentity(profile.Id, kind, value, now));
        return profile;
    }

    private static ProfileIdentity NewIdentity(long profileId, IdentityKind kind, string value, DateTime now) =>
        new() { ProfileId = profileId, Kind = kind, Value = value, CreatedAt = now };
}
