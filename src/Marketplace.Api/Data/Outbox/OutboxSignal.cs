using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Data.Outbox;

/// <summary>
/// Wakes this instance's outbox workers when one of its transactions commits, so a change reaches the search index
/// or a webhook in milliseconds rather than at the next poll. Other instances' writes are found by polling.
/// </summary>
public sealed class OutboxSignal : DbTransactionInterceptor
{
    private readonly Lock gate = new();
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Notify()
    {
        TaskCompletionSource fired;
        lock (gate)
        {
            fired = next;
            next = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        fired.TrySetResult();
    }

    /// <summary>
    /// Completes at the next commit. Take it before looking for work, then wait on it when none was found: a commit
    /// in between has completed it already, so no wake-up is lost.
    /// </summary>
    public Task NextCommit
    {
        get
        {
            lock (gate) return next.Task;
        }
    }

    /// <summary>Completes when <paramref name="signalled"/> does or after the timeout, whichever comes first.</summary>
    public static async Task WaitAsync(Task signalled, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await signalled.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
        }
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Notify();
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Notify();
}
