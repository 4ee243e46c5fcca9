using System.Text.Json;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>What sellers do with their webhooks: read the delivery log, redeliver one, send a test.</summary>
public sealed class WebhookService(MarketplaceDb db, TimeProvider time)
{
    public const string TestEventType = "webhook.test";

    private static readonly KeysetOrder<WebhookDelivery> NewestFirst = KeysetOrder<WebhookDelivery>.ById("-delivery", d => d.Id, descending: true);

    public Task<Page<WebhookDelivery>> DeliveriesAsync(long sellerId, WebhookDeliveryStatus? status, PageRequest page, CancellationToken ct)
    {
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.SellerId == sellerId);
        if (status is { } wanted) query = query.Where(d => d.Status == wanted);
        return NewestFirst.PageAsync(query, page, ct);
    }

    /// <summary>Queues a new attempt of a delivery that is not pending, with the same body and webhook-id.</summary>
    public async Task<WebhookDeliveryPayload> RedeliverAsync(Viewer viewer, string deliveryGlobalId, CancellationToken ct)
    {
        var id = GlobalId.Parse(deliveryGlobalId, WebhookDeliveryType.TypeName);
        var delivery = id is null ? null : await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null || !viewer.ActsFor(delivery.SellerId))
            return Refused(UserErrorCode.WebhookDeliveryNotFound, "No delivery of yours has this id.", "deliveryId");
        if (delivery.Status == WebhookDeliveryStatus.Pending)
            return Refused(UserErrorCode.WebhookDeliveryPending, "This delivery is already queued; see nextAttemptAt.", "deliveryId");
        if (await EndpointProblemAsync(delivery.SellerId, ct) is { } problem) return new(null, [problem]);

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
        if (await EndpointProblemAsync(sellerId, ct) is { } problem) return new(null, [problem]);
        var now = time.GetUtcNow().UtcDateTime;
        var data = JsonSerializer.SerializeToElement(new { message = "A test webhook from the marketplace.", sellerId }, Outbox.Json);
        var delivery = WebhookDeliveries.Create(sellerId, TestEventType, data, now, now, endpointDisabled: false);
        await db.InTransactionAsync(async token =>
        {
            db.WebhookDeliveries.Add(delivery);
            await db.SaveChangesAsync(token);
            await Outbox.EnqueueAsync(db, [WebhookDeliveries.Attempt(delivery, delivery.Sequence, now, now)], token);
            return true;
        }, ct);
        return new(delivery, []);
    }

    private async Task<UserError?> EndpointProblemAsync(long sellerId, CancellationToken ct)
    {
        var endpoint = await db.Sellers.AsNoTracking().Where(s => s.Id == sellerId)
            .Select(s => new { s.Settings.WebhookUrl, s.WebhookDisabledAt }).FirstOrDefaultAsync(ct);
        if (endpoint?.WebhookUrl is null)
            return new UserError(UserErrorCode.WebhookNotConfigured, "Set a webhook URL first (updateSellerSettings).");
        if (endpoint.WebhookDisabledAt is not null)
            return new UserError(UserErrorCode.WebhookDisabled, "Your webhook endpoint is disabled; update its URL (updateSellerSettings) to enable it again.");
        return null;
    }

    private static WebhookDeliveryPayload Refused(UserErrorCode code, string message, string field) => new(null, [new UserError(code, message, ["input", field])]);
}

public sealed record WebhookDeliveryPayload(WebhookDelivery? Delivery, IReadOnlyList<UserError> UserErrors);
