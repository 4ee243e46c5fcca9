using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Profiles;

public sealed class ProfilesOptions
{
    public const string Section = "Profiles";

    /// <summary>Interest fades: an event's affinity weight halves every this many days.</summary>
    [Range(0.01, 3_650)] public double AffinityHalfLifeDays { get; set; } = 30;

    /// <summary>A gap longer than this between a person's events starts a new session.</summary>
    [Range(1, 1_440)] public int SessionTimeoutMinutes { get; set; } = 30;

    /// <summary>Events stamped further back than this are rejected (as the leading CDPs reject stale replays).</summary>
    [Range(1, 3_650)] public int MaxEventAgeDays { get; set; } = 30;

    /// <summary>How far in the future a client's clock may be before its events are rejected.</summary>
    [Range(0, 1_440)] public int MaxClockSkewMinutes { get; set; } = 10;

    /// <summary>Events are kept this long (segment rules look back at most 365 days), and their ids deduplicate for as long.</summary>
    [Range(365, 3_650)] public int EventRetentionDays { get; set; } = 400;

    /// <summary>A cart left this long without a purchase makes its owner a CART_ABANDONER.</summary>
    [Range(1, 43_200)] public int CartAbandonedAfterMinutes { get; set; } = 60;

    /// <summary>A buyer who has not bought for this long is LAPSED.</summary>
    [Range(1, 3_650)] public int LapsedAfterDays { get; set; } = 180;

    public TimeSpan AffinityHalfLife => TimeSpan.FromDays(AffinityHalfLifeDays);
    public TimeSpan SessionTimeout => TimeSpan.FromMinutes(SessionTimeoutMinutes);
    public TimeSpan CartAbandonedAfter => TimeSpan.FromMinutes(CartAbandonedAfterMinutes);
}
