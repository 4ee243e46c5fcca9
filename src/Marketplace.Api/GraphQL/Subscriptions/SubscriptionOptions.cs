using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.GraphQL.Subscriptions;

public sealed class SubscriptionOptions
{
    public const string Section = "GraphQL:Subscriptions";

    /// <summary>How often each instance reads the event log for events that other instances appended.</summary>
    [Range(10, 60_000)] public int PollMilliseconds { get; set; } = 150;

    /// <summary>
    /// How long a lower id may commit after a higher one and still be delivered: ids are handed out at insert, not at
    /// commit, so the tail re-reads this window and skips what it has already delivered.
    /// </summary>
    [Range(0, 60_000)] public int ReorderWindowMilliseconds { get; set; } = 2_000;

    /// <summary>Log rows older than this are deleted; only live subscribers read the log, never a replay.</summary>
    [Range(1, 1_440)] public int RetentionMinutes { get; set; } = 5;

    /// <summary>
    /// Events waiting for one slow subscriber before its stream ends with an error rather than grow without bound;
    /// above the tail's page of 1,000 so that one burst read from the log never ends a healthy stream.
    /// </summary>
    [Range(1, 100_000)] public int SubscriberBuffer { get; set; } = 2_000;
}
