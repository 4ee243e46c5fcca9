using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Data.Outbox;

/// <summary>
/// Wakes this instance's outbox worker of a topic when one of its transactions that wrote rows of that topic commits,
/// so a change reaches the search index or a webhook in milliseconds rather than at the next poll, and a commit with
/// nothing for a worker leaves it asleep. Other instances' writes are found by polling.
/// </summary>
public sealed class OutboxSignal : DbTransactionInterceptor
{
    // The topics an open transaction has written rows of (Outbox.EnqueueAsync notes them).
    private static readonly ConditionalWeakTable<DbTransaction, HashSet<string>> Written = new();

    private readonly Lock gate = new();
    private readonly Dictionary<string, TaskCompletionSource> next = [];

    public static void Wrote(DbTransaction transaction, IEnumerable<string> topics)
    {
        var written = Written.GetOrCreateValue(transaction);
        lock (written) written.UnionWith(topics);
    }

    public void Notify(string topic)
    {
        TaskCompletionSource? fired;
        lock (gate) next.Remove(topic, out fired);
        fired?.TrySetResult();
    }

    /// <summary>
    /// Completes at the next commit of rows of the topic. Take it before looking for work, then wait on it when none
    /// was found: a commit in between has completed it already, so no wake-up is lost.
    /// </summary>
    public Task NextCommit(string topic)
    {
        lock (gate)
        {
            if (!next.TryGetValue(topic, out var commit))
                next[topic] = commit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return commit.Task;
        }
    }

    /// <summary>Completes when <paramref name="signalled"/> does (true) or after the timeout (false), whichever comes first.</summary>
    public static async Task<bool> WaitAsync(Task signalled, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await signalled.WaitAsync(timeout, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    private void Committed(DbTransaction transaction)
    {
        if (!Written.TryGetValue(transaction, out var topics)) return;
        Written.Remove(transaction);
        foreach (var topic in topics) Notify(topic);
    }
}
