namespace Marketplace.Api.Infrastructure.Webhooks;

public enum WebhookDeliveryStatus
{
    /// <summary>Queued: an attempt is due at NextAttemptAt.</summary>
    Pending,
    Succeeded,
    /// <summary>Given up: out of retry time, gone (410), or the endpoint or secret was missing.</summary>
    Failed,
    /// <summary>Not sent because the endpoint is disabled; redeliver it once the endpoint is fixed.</summary>
    Disabled,
}

/// <summary>
/// One event for one target (a seller, or a segment destination) and every attempt to hand it over: what the seller
/// sees in webhookDeliveries, and admins in SegmentDestination.deliveries. Exactly one of SellerId and DestinationId is set.
/// The body is fixed when the delivery is created, so each attempt sends the same bytes under the same webhook id.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public long? SellerId { get; set; }

    /// <summary>The SegmentDestination (Profiles/Activation) when the delivery is not a seller's.</summary>
    public long? DestinationId { get; set; }

    public WebhookTarget Target => SellerId is { } seller ? WebhookTarget.Seller(seller) : WebhookTarget.Destination(DestinationId ?? 0);

    /// <summary>Sellers see their own deliveries; admins see every delivery, destinations' included.</summary>
    public bool IsVisibleTo(Auth.Viewer viewer) => SellerId is { } seller ? viewer.ActsFor(seller) : viewer.IsAdmin;

    /// <summary>The <c>webhook-id</c> header ("msg_..."): the same on every attempt, so receivers can dedupe.</summary>
    public required string WebhookId { get; set; }
    public required string EventType { get; set; }

    /// <summary>The JSON body sent: <c>{"type", "timestamp", "data"}</c>.</summary>
    public required string Payload { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When the current run of attempts began (created, or redelivered): retries stop MaxRetryHours after it.</summary>
    public DateTime QueuedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }

    /// <summary>
    /// Numbers the attempt rows queued for this delivery; only the row carrying the current number may send, and each
    /// outcome or redelivery moves it on in a conditional UPDATE. So a delivery has at most one live row at a time,
    /// which the outbox lease gives to one worker: no two instances send it at once.
    /// </summary>
    public int Sequence { get; set; }
}
