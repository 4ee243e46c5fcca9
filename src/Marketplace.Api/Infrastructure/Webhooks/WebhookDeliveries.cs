using System.Text.Json;
using Marketplace.Api.Data.Outbox;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>Creating deliveries and queuing their attempts, shared by the event handler and the mutations.</summary>
public static class WebhookDeliveries
{
    /// <summary>The outbox topic of single attempts: one live row per pending delivery (see <see cref="WebhookDelivery.Sequence"/>).</summary>
    public const string AttemptTopic = "webhooks.attempt";

    public sealed record WebhookAttempt(long DeliveryId, int Sequence);

    public static WebhookDelivery Create(WebhookTarget target, string type, JsonElement data, DateTime occurredAt, DateTime now, bool endpointDisabled) => new()
    {
        SellerId = target.Kind == WebhookTargetKind.Seller ? target.Id : null,
        DestinationId = target.Kind == WebhookTargetKind.Destination ? target.Id : null,
        WebhookId = "msg_" + Guid.CreateVersion7().ToString("N"),
        EventType = type,
        Payload = JsonSerializer.Serialize(new { type, timestamp = occurredAt, data }, Outbox.Json),
        Status = endpointDisabled ? WebhookDeliveryStatus.Disabled : WebhookDeliveryStatus.Pending,
        LastError = endpointDisabled ? "The webhook endpoint is disabled." : null,
        NextAttemptAt = endpointDisabled ? null : now,
        CreatedAt = now,
        QueuedAt = now,
    };

    public static OutboxMessage Attempt(WebhookDelivery delivery, int sequence, DateTime at, DateTime now)
    {
        var message = Outbox.Message(AttemptTopic, new WebhookAttempt(delivery.Id, sequence), now);
        message.AvailableAt = at;
        return message;
    }
}
