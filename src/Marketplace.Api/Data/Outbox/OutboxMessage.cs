namespace Marketplace.Api.Data.Outbox;

/// <summary>
/// A write that must reach another system (the search index, a seller's webhook, a subscription), stored in the
/// same transaction as the change that caused it and handed to that topic's handler by <see cref="OutboxWorker"/>.
/// A row is deleted once its handler has succeeded; until then it is retried with backoff.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Which handler takes the row ("catalog.products-changed").</summary>
    public required string Topic { get; set; }

    /// <summary>The handler's JSON.</summary>
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>Not claimed before this time: now when written, later after a failure (backoff).</summary>
    public DateTime AvailableAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The claim of the worker processing the row; another worker may claim it once the lease has expired.</summary>
    public string? LeaseToken { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    public string? LastError { get; set; }

    /// <summary>Set when a topic with a retry limit gives up on the row; it stays for an operator to see and is never claimed again.</summary>
    public DateTime? DeadAt { get; set; }
}
