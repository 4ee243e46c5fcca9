using System.Text.Json;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>What sellers (and admins, for segment destinations) do with webhooks: read the delivery log, redeliver one, send a test.</summary>
public sealed class WebhookService(MarketplaceDb db, WebhookEndpointDirectory directory, TimeProvider time)
{
    public const string TestEventType = "webhook.test";

    private static readonly KeysetOrder<WebhookDelivery> NewestFirst = KeysetOrder<WebhookDelivery>.ById("-delivery", d => d.Id, descending: true);

    public Task<Page<WebhookDelivery>> DeliveriesAsync(long sellerId, WebhookDeliveryStatus? status, PageRequest page, CancellationToken ct) =>
        DeliveriesAsync(WebhookTarget.Seller(sellerId), status, page, ct);

    public Task<Page<WebhookDelivery>> DeliveriesAsync(WebhookTarget target, WebhookDeliveryStatus? status, PageRequest page, CancellationToken ct)
    {
        var query = db.WebhookDeliveries.AsNoTracking();
        query = target.Kind == WebhookTargetKind.Seller ? query.Where(d => d.SellerId == target.Id) : query.Where(d => d.DestinationId == target.Id);
        if (status is { } wanted) query = query.Where(d => d.Status == wanted);
        return NewestFirst.PageAsync(query, page, ct);
    }

    /// <summary>Queues a new attempt of a delivery that is not pending, with the same body and webhook-id.</summary>
    public async Task<WebhookDeliveryPayload> RedeliverAsync(Viewer viewer, string deliveryGlobalId, CancellationToken ct)
    {
        var id = GlobalId.Parse(deliveryGlobalId, WebhookDeliveryType.TypeName);
        var delivery = id is null ? null : await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null || !delivery.IsVisibleTo(viewer))
            return Refused(UserErrorCode.WebhookDeliveryNotFound, "No delivery of yours has this id.", "deliveryId");
        if (delivery.Status == WebhookDeliveryStatus.Pending)
            return Refused(UserErrorCode.WebhookDeliveryPending, "This delivery is already queued; see nextAttemptAt.", "deliveryId");
        if (await EndpointProblemAsync(delivery.Target, ct) is { } problem) return new(null, [problem]);

        var now = time.GetUtcNow().UtcDateTime;
        var sequence = delivery.Sequence;
        var queued = await db.InTransactionAsync(async token =>
        {
            var moved = await db.WebhookDeliveries
                .Where(d => d.Id == delivery.Id && d.Sequence == sequence && d.Status != WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Sequence, sequence + 1)
                    .SetProperty(d => d.Status, WebhookDeliveryStatus.Pending)
                    .SetProperty(d => d.NextAttemptAt, now)
                    .SetProperty(d => d.QueuedAt, now), token);
            if (moved == 1) await Outbox.EnqueueAsync(db, [WebhookDeliveries.Attempt(delivery, sequence + 1, now, now)], token);
            return moved == 1;
        }, ct);
        if (!queued) return Refused(UserErrorCode.WebhookDeliveryPending, "This delivery was queued again meanwhile.", "deliveryId");
        return new(await db.WebhookDeliveries.AsNoTracking().FirstAsync(d => d.Id == delivery.Id, ct), []);
    }

    /// <summary>Queues a <c>webhook.test</c> delivery to the seller's endpoint, so it can check its receiver and signature.</summary>
    public async Task<WebhookDeliveryPayload> SendTestAsync(long sellerId, CancellationToken ct)
    {
        if (await EndpointProblemAsync(WebhookTarget.Seller(sellerId), ct) is { } problem) return new(null, [problem]);
        var now = time.GetUtcNow().UtcDateTime;
        var data = JsonSerializer.SerializeToElement(new { message = "A test webhook from the marketplace.", sellerId }, Outbox.Json);
        var delivery = WebhookDeliveries.Create(WebhookTarget.Seller(sellerId), TestEventType, data, now, now, endpointDisabled: false);
        await db.InTransactionAsync(async token =>
        {
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync(token);
            await Outbox.EnqueueAsync(db, [WebhookDeliveries.Attempt(delivery, delivery.Sequence, now, now)], token);
            return true;
        }, ct);
        return new(delivery, []);
    }

    private async Task<UserError?> EndpointProblemAsync(WebhookTarget target, CancellationToken ct)
    {
        var endpoint = await directory.FindAsync(db, target, ct);
        var seller = target.Kind == WebhookTargetKind.Seller;
        if (endpoint?.Url is null)
            return new UserError(UserErrorCode.WebhookNotConfigured, seller ? "Set a webhook URL first (updateSellerSettings)." : "The destination no longer exists.");
        if (endpoint.DisabledAt is not null)
            return new UserError(UserErrorCode.WebhookDisabled, seller
                ? "Your webhook endpoint is disabled; update its URL (updateSellerSettings) to enable it again."
                : "The destination is disabled; update its URL (updateSegmentDestination) to enable it again.");
        return null;
    }

    private static WebhookDeliveryPayload Refused(UserErrorCode code, string message, string field) => new(null, [new UserError(code, message, ["input", field])]);
}

public sealed record WebhookDeliveryPayload(WebhookDelivery? Delivery, IReadOnlyList<UserError> UserErrors);
