namespace Marketplace.Api.Profiles.Tracking;

/// <summary>One event as a client sends it, through the track mutation or POST /events.</summary>
public sealed class TrackEventInput
{
    public string? EventId { get; set; }
    public TrackedEventType? Type { get; set; }

    /// <summary>The type as sent when it is not one we know (POST /events), for the rejection's message.</summary>
    public string? UnknownType { get; set; }
    public DateTime? Timestamp { get; set; }
    public string? ProductId { get; set; }
    public string? VariantId { get; set; }
    public string? Query { get; set; }
    public int? ResultCount { get; set; }
    public int? Position { get; set; }
    public string? RequestId { get; set; }
    public string? OrderId { get; set; }
    public decimal? Value { get; set; }

    /// <summary>The free properties as a JSON object.</summary>
    public string? Properties { get; set; }

    /// <summary>The anonymous visitor, when the event does not come with the caller's X-Visitor-Id.</summary>
    public string? VisitorId { get; set; }

    /// <summary>Events the server emits only: whose event it is (a placed order's buyer), so one batch can hold many people's.</summary>
    internal string? CustomerId { get; set; }

    /// <summary>The event's size as sent, in bytes of JSON.</summary>
    public int SizeBytes { get; set; }

    /// <summary>Why a field of the event as sent could not be read (POST /events), if one could not.</summary>
    public string? Unreadable { get; set; }
}

public enum EventRejectionCode
{
    InvalidEventId,
    DuplicateEvent,
    InvalidType,
    ServerOnlyType,
    MissingTimestamp,
    TimestampInFuture,
    TimestampTooOld,
    ProductRequired,
    ProductNotFound,
    VariantNotFound,
    QueryRequired,
    InvalidValue,
    InvalidProperties,
    TooLong,
    EventTooLarge,
    MissingVisitor,
    InvalidVisitorId,
    ConsentWithdrawn,
}

public sealed record EventRejection(int Index, string? EventId, EventRejectionCode Code, string Message);

public sealed record TrackResult(int Accepted, IReadOnlyList<EventRejection> Rejected);
