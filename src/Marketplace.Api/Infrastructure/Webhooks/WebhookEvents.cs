using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Queues a webhook to a seller (or another <see cref="WebhookTarget"/>), in the caller's transaction: the event reaches
/// the endpoint only if the change that raised it commits, and is not lost if the process stops right after.
/// </summary>
public static class WebhookEvents
{
    public const string Topic = "webhooks.deliver";

    /// <summary>
    /// What the outbox row carries: whom to tell (a seller, or a destination when DestinationId is set, and then SellerId
    /// is 0), what happened (supplier_order.placed) and the event's data.
    /// </summary>
    public sealed record WebhookEvent(long SellerId, string Type, System.Text.Json.JsonElement Data, long? DestinationId = null)
    {
        public WebhookTarget Target => DestinationId is { } destination ? WebhookTarget.Destination(destination) : WebhookTarget.Seller(SellerId);
    }

    public static Task EnqueueAsync(MarketplaceDb db, long sellerId, string type, object data, DateTime now, CancellationToken ct) =>
        Outbox.EnqueueAsync(db, [Message(WebhookTarget.Seller(sellerId), type, data, now)], ct);

    /// <summary>The outbox row of one event, for callers that queue many in one insert.</summary>
    public static OutboxMessage Message(WebhookTarget target, string type, object data, DateTime now)
    {
        var json = System.Text.Json.JsonSerializer.SerializeToElement(data, Outbox.Json);
        var e = target.Kind == WebhookTargetKind.Seller ? new WebhookEvent(target.Id, type, json) : new WebhookEvent(0, type, json, target.Id);
        return Outbox.Message(Topic, e, now);
    }

    public static OutboxMessage Message(long sellerId, string type, object data, DateTime now) => Message(WebhookTarget.Seller(sellerId), type, data, now);
}
