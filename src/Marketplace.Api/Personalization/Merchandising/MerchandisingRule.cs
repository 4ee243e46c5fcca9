namespace Marketplace.Api.Personalization.Merchandising;

/// <summary>
/// An admin's rule for a segment's members: boost or bury what <see cref="Target"/> and <see cref="Value"/> pick, or pin
/// it, between <see cref="StartsAt"/> and <see cref="EndsAt"/> (open on a side that is null). A Product rule's value is
/// the product's numeric id.
/// </summary>
public sealed class MerchandisingRule
{
    public long Id { get; set; }
    public long SegmentId { get; set; }
    public MerchandisingAction Action { get; set; }
    public MerchandisingTarget Target { get; set; }
    public string? AttributeName { get; set; }
    public required string Value { get; set; }

    /// <summary>0..100; ignored for <see cref="MerchandisingAction.Pin"/>.</summary>
    public double Weight { get; set; }
    public DateTime? StartsAt { get; set; }
    public DateTime? EndsAt { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public bool IsActiveAt(DateTime now) => (StartsAt is null || StartsAt <= now) && (EndsAt is null || EndsAt > now);

    public ActiveMerchandisingRule ToActive() => new(Id, SegmentId, Action, Target, AttributeName, Value, Weight);
}
