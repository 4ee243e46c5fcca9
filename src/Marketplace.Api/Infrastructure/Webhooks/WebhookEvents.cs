using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Queues a webhook to a seller, in the caller's transaction: the event reaches the seller's endpoint only if the
/// change that raised it commits, and is not lost if the process stops right after.
/// </summary>
public static class WebhookEvents
{
    public const string Topic = "webhooks.deliver";

    /// <summary>What the outbox row carries: whom to tell, what happened (supplier_order.placed) and the event's data.</summary>
    public sealed record WebhookEvent(long SellerId, string Type, System.Text.Json.JsonElement Data);

    public static Task EnqueueAsync(MarketplaceDb db, long sellerId, string type, object data, DateTime now, CancellationToken ct) =>
        Outbox.EnqueueAsync(db, [Message(sellerId, type, data, now)], ct);

    /// <summary>The outbox row, for a caller that writes it with others in one insert.</summary>
    public static OutboxMessage Message(long sellerId, string type, object data, DateTime now) =>
        Outbox.Message(Topic, new WebhookEvent(sellerId, type, System.Text.Json.JsonSerializer.SerializeToElement(data, Outbox.Json)), now);
}
