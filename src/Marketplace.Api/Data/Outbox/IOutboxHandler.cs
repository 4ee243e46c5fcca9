namespace Marketplace.Api.Data.Outbox;

/// <summary>
/// Takes the rows of one topic, a batch at a time. It runs with a lease on the batch, so on several API instances
/// no two handlers hold the same row at once; a row whose handler fails or whose process dies is retried later.
/// Handlers must therefore be idempotent (indexing a product twice, a webhook delivery id the receiver can dedupe).
/// </summary>
public interface IOutboxHandler
{
    string Topic { get; }

    /// <summary>The most rows claimed at once.</summary>
    int BatchSize => 100;

    /// <summary>After this many failed attempts a row is set aside as dead; null retries forever (nothing may be lost).</summary>
    int? MaxAttempts => null;

    /// <summary>
    /// Whether the handler deletes the batch's rows itself, still under the lease, in the transaction of its own
    /// writes; otherwise the worker deletes them once the handler has returned.
    /// </summary>
    bool DeletesBatch => false;

    /// <summary>Processes the batch; throwing retries the whole batch later with backoff.</summary>
    Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct);
}
