namespace Marketplace.Api.Profiles;

public enum TrackedEventType
{
    PageView,
    ProductView,
    Search,
    Click,
    AddToCart,
    RemoveFromCart,
    CheckoutStarted,
    /// <summary>Emitted by the server when an order is placed; clients cannot send it.</summary>
    Purchase,
    Custom,
}

/// <summary>
/// One behavioural event, stored as received and attached to the profile of the person who caused it.
/// The product facts (category path, brand, gender, color, size, price band) are copied in when it arrives, so segment
/// rules over event windows and later co-view counts read this table alone.
/// </summary>
public sealed class TrackedEvent
{
    public long Id { get; set; }

    /// <summary>The client's id for the event (the server's for PURCHASE); a second event with the same id is dropped.</summary>
    public required string EventId { get; set; }
    public long ProfileId { get; set; }
    public string? VisitorId { get; set; }
    public string? CustomerId { get; set; }
    public TrackedEventType Type { get; set; }
    public DateTime Timestamp { get; set; }
    public DateTime ReceivedAt { get; set; }
    public long? ProductId { get; set; }
    public long? VariantId { get; set; }
    public string? Query { get; set; }
    public int? ResultCount { get; set; }
    public int? Position { get; set; }
    public string? RequestId { get; set; }
    public long? OrderId { get; set; }
    public decimal? Value { get; set; }

    /// <summary>The client's free properties, as a JSON object.</summary>
    public string? Properties { get; set; }

    /// <summary>The product's category slugs from the root down, "/apparel/shorts/" (so "category = shorts" matches its ancestors too).</summary>
    public string? CategoryPath { get; set; }
    public string? Brand { get; set; }
    public string? Gender { get; set; }
    public string? Color { get; set; }
    public string? Size { get; set; }

    /// <summary>The band of the product's price when the event happened (<see cref="Affinities.PriceBand"/>).</summary>
    public string? PriceBand { get; set; }
}
