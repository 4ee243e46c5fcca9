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
    /// A commit within this long of a worker's last batch waits for the rest of it, so that the rows of a burst of
    /// commits (checkouts under load) go in one batch; a lone commit is taken at once.
    /// </summary>
    [Range(0, 1000)]
    public int CoalesceMilliseconds { get; set; } = 20;

    [Range(1, 86_400)]
    public int MaxBackoffSeconds { get; set; } = 300;
}
