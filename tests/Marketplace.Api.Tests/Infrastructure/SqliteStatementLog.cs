using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// Every statement SQLite itself runs for requests, as its trace reports them: EF's commands, the raw commands of
/// bulk inserts, BEGIN and COMMIT, and the pragmas of a connection being opened. Background work is left out.
/// </summary>
public sealed class SqliteStatementLog(IHttpContextAccessor requests) : DbConnectionInterceptor
{
    private readonly ConcurrentQueue<string> statements = new();

    public IReadOnlyList<string> Statements => [.. statements];

    public void Clear() => statements.Clear();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Trace(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken ct = default)
    {
        Trace(connection);
        return Task.CompletedTask;
    }

    // A pooled connection keeps its trace, so statements run while it is being opened again are seen too.
    private void Trace(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
            SQLitePCL.raw.sqlite3_trace(handle, (_, sql) => { if (requests.HttpContext is not null) statements.Enqueue(sql); }, null);
    }
}
