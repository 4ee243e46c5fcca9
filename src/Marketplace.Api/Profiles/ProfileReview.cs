using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles;

/// <summary>
/// A profile to look at again later, when time alone may change it (a cart left unbought turns its owner into a
/// CART_ABANDONER): written to the outbox with the time it is due.
/// </summary>
public sealed record ProfileReview(long ProfileId)
{
    public const string Topic = "profiles.review";
}

/// <summary>Brings reviewed profiles' journey stage and segment memberships up to date.</summary>
public sealed class ProfileReviewHandler(IServiceScopeFactory scopes, TimeProvider time) : IOutboxHandler
{
    public string Topic => ProfileReview.Topic;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var activity = scope.ServiceProvider.GetRequiredService<ProfileActivity>();
        var segments = scope.ServiceProvider.GetRequiredService<SegmentEvaluator>();
        var ids = batch.Select(m => Outbox.Read<ProfileReview>(m).ProfileId).Distinct().ToList();
        var now = time.GetUtcNow().UtcDateTime;
        await db.InTransactionAsync(async token =>
        {
            var profiles = await db.Profiles.Where(p => ids.Contains(p.Id)).ToListAsync(token);
            foreach (var profile in profiles)
            {
                var stage = activity.StageOf(profile, now);
                if (stage == profile.JourneyStage) continue;
                profile.JourneyStage = stage;
                profile.Version++;
            }
            await db.SaveChangesAsync(token);
            await segments.EvaluateAsync(profiles, now, token);
            return true;
        }, ct);
    }
}
