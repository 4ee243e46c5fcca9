using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Webhooks;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Activation;

/// <summary>Segment destinations as webhook endpoints: their URL, secret and health columns.</summary>
public sealed class SegmentDestinationEndpoints : IWebhookEndpoints
{
    public WebhookTargetKind Kind => WebhookTargetKind.Destination;

    public string EnableHint => "an admin updates the destination's URL (updateSegmentDestination)";

    public async Task<IReadOnlyDictionary<long, WebhookEndpoint>> FindAsync(MarketplaceDb db, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await db.SegmentDestinations.AsNoTracking().Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, Endpoint = new WebhookEndpoint(d.Url, d.Secret, d.DisabledAt) })
            .ToDictionaryAsync(d => d.Id, d => d.Endpoint, ct);

    public Task ResetFailuresAsync(MarketplaceDb db, long id, CancellationToken ct) =>
        db.SegmentDestinations.Where(d => d.Id == id && d.ConsecutiveFailures != 0)
            .ExecuteUpdateAsync(set => set.SetProperty(d => d.ConsecutiveFailures, 0), ct);

    public async Task<int> AddFailureAsync(MarketplaceDb db, long id, CancellationToken ct)
    {
        var destinations = db.SegmentDestinations.Where(d => d.Id == id);
        await destinations.ExecuteUpdateAsync(set => set.SetProperty(d => d.ConsecutiveFailures, d => d.ConsecutiveFailures + 1), ct);
        return await destinations.Select(d => d.ConsecutiveFailures).FirstOrDefaultAsync(ct);
    }

    public async Task<bool> DisableAsync(MarketplaceDb db, long id, string reason, DateTime now, CancellationToken ct) =>
        await db.SegmentDestinations.Where(d => d.Id == id && d.DisabledAt == null).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.DisabledAt, now)
            .SetProperty(d => d.DisabledReason, reason), ct) > 0;
}
