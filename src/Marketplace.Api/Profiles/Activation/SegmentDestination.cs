namespace Marketplace.Api.Profiles.Activation;

/// <summary>
/// An endpoint an admin configured (an email or ad tool) that hears, as signed webhooks, when profiles enter or leave
/// the segments it wants: every segment, or those listed in <see cref="Segments"/>. Delivery, retries and health
/// are the webhook mechanism's (Infrastructure/Webhooks), the same as for sellers.
/// </summary>
public sealed class SegmentDestination
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }

    /// <summary>The Data Protection payload of the signing secret (Infrastructure/WebhookSecrets), never the secret.</summary>
    public required string Secret { get; set; }

    /// <summary>Wants every segment, present and future; otherwise only those in <see cref="Segments"/>.</summary>
    public bool AllSegments { get; set; }
    public List<SegmentDestinationSegment> Segments { get; set; } = [];

    // The endpoint's health, kept by the webhook sender in single UPDATEs; an admin updating the URL enables it again.
    public int ConsecutiveFailures { get; set; }
    public DateTime? DisabledAt { get; set; }
    public string? DisabledReason { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A segment a destination wants.</summary>
public sealed class SegmentDestinationSegment
{
    public long DestinationId { get; set; }
    public long SegmentId { get; set; }
}
