using System.Collections.Concurrent;

namespace Marketplace.Api.Data;

/// <summary>
/// SQLite lets one connection write at a time, and a connection that finds the write lock taken sleeps and polls for
/// it (the busy timeout) while blocking its thread: under load, writers wait far longer than the lock is held and the
/// thread pool starves. This process's writers of one database file therefore take turns here, asynchronously and in
/// arrival order. Another process writing the same file (the CLI beside a server) still meets the busy timeout.
/// </summary>
public static class SqliteWriteQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Files = new();

    public static async ValueTask<WriteTurn> EnterAsync(string connectionString, CancellationToken ct)
    {
        var queue = Files.GetOrAdd(connectionString, _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync(ct);
        return new WriteTurn(queue);
    }
}

/// <summary>The right to write until disposed; the default turn holds nothing (providers whose writers need no queue).</summary>
public readonly struct WriteTurn(SemaphoreSlim? queue) : IDisposable
{
    public void Dispose() => queue?.Release();
}
