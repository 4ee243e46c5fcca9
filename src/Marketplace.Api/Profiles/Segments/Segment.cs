namespace Marketplace.Api.Profiles.Segments;

public enum SegmentRecomputeStatus { Pending, Running, Done }

/// <summary>
/// A named rule over profiles (<see cref="Rules"/>). Members are kept in <see cref="SegmentMembership"/>: updated
/// for one profile as its events arrive, and for every profile when the rule is saved (a background recompute).
/// </summary>
public sealed class Segment
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string Rule { get; set; }

    /// <summary>Moves on with each change of the rule; a recompute for an older version stops.</summary>
    public int RuleVersion { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public SegmentRecomputeStatus RecomputeStatus { get; set; }
    public int RecomputeProcessed { get; set; }
    public int RecomputeTotal { get; set; }
    public DateTime? RecomputeStartedAt { get; set; }
    public DateTime? RecomputeFinishedAt { get; set; }
}

/// <summary>A profile in a segment, since when.</summary>
public sealed class SegmentMembership
{
    public long SegmentId { get; set; }
    public long ProfileId { get; set; }
    public DateTime EnteredAt { get; set; }
}

/// <summary>
/// The outbox row written in the transaction that moves a profile into or out of a segment: activation
/// (destinations' webhooks, the segmentMembershipChanged subscription) reads these.
/// </summary>
public sealed record SegmentMembershipChanged(long SegmentId, string SegmentName, long ProfileId, string? CustomerId, bool Entered, DateTime At)
{
    public const string Topic = "segments.membership-changed";
}
