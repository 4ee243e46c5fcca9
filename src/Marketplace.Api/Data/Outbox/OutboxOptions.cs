using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Data.Outbox;

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Runs the workers in this process; an instance that only serves reads may turn them off.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a claimed batch stays with its worker before another may take it over.</summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 60;

    /// <summary>How often a worker looks for rows that another instance wrote; this instance's own commits wake it at once.</summary>
    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 1000;

    /// <summary>
    /// How long a worker woken by a commit waits before claiming, so that the rows of a burst of commits (checkouts
    /// under load) go in one batch rather than one claim and one delete each.
    /// </summary>
    [Range(0, 1000)]
    public int WakeDelayMilliseconds { get; set; } = 20;

    [Range(1, 86_400)]
    public int MaxBackoffSeconds { get; set; } = 300;
}
