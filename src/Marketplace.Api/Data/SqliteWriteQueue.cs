using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Data;

/// <summary>
/// SQLite lets one connection write at a time, and a connection that finds the write lock taken sleeps and polls for
/// it (the busy timeout) while blocking its thread: under load, writers wait far longer than the lock is held and the
/// thread pool starves. This process's writers of one database file therefore take turns here, asynchronously and in
/// arrival order: transactions and saves (<see cref="MarketplaceDb.WriteTurnAsync"/>) and statements that write
/// outside a transaction (<see cref="SqliteAutocommitWrites"/>). Another process writing the same file (the CLI
/// beside a server) still meets the busy timeout.
/// </summary>
public static class SqliteWriteQueue
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Files = new();

    // Connections whose turn it is, so that their own statements do not queue behind themselves.
    private static readonly ConcurrentDictionary<DbConnection, bool> Writing = new();

    public static async ValueTask<WriteTurn> EnterAsync(DbConnection connection, CancellationToken ct)
    {
        var queue = Files.GetOrAdd(connection.ConnectionString, _ => new SemaphoreSlim(1, 1));
        await queue.WaitAsync(ct);
        Writing[connection] = true;
        return new WriteTurn(queue, connection);
    }

    public static WriteTurn Enter(DbConnection connection)
    {
        var queue = Files.GetOrAdd(connection.ConnectionString, _ => new SemaphoreSlim(1, 1));
        queue.Wait();
        Writing[connection] = true;
        return new WriteTurn(queue, connection);
    }

    internal static bool HasTurn(DbConnection connection) => Writing.ContainsKey(connection);

    internal static void Leave(SemaphoreSlim queue, DbConnection connection)
    {
        Writing.TryRemove(connection, out _);
        queue.Release();
    }
}

/// <summary>The right to write until disposed; the default turn holds nothing (providers whose writers need no queue).</summary>
public readonly struct WriteTurn(SemaphoreSlim? queue, DbConnection? connection) : IDisposable
{
    public void Dispose()
    {
        if (queue is not null) SqliteWriteQueue.Leave(queue, connection!);
    }
}

/// <summary>Runs a statement that writes outside a transaction (ExecuteUpdate, ExecuteDelete) in its turn; EF takes its result.</summary>
internal sealed class SqliteAutocommitWrites : DbCommandInterceptor
{
    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (!Queues(command, result)) return result;
        using var turn = await SqliteWriteQueue.EnterAsync(command.Connection!, cancellationToken);
        return InterceptionResult<int>.SuppressWithResult(await command.ExecuteNonQueryAsync(cancellationToken));
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (!Queues(command, result)) return result;
        using var turn = SqliteWriteQueue.Enter(command.Connection!);
        return InterceptionResult<int>.SuppressWithResult(command.ExecuteNonQuery());
    }

    private static bool Queues(DbCommand command, InterceptionResult<int> result) =>
        !result.HasResult && command.Transaction is null && command.Connection is { } connection && !SqliteWriteQueue.HasTurn(connection);
}
