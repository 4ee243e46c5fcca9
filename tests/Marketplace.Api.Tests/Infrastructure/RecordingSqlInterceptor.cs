using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// Stands in for a database server that cannot run here (SQL Server): connections are never opened and every
/// command EF sends is recorded, so the SQL EF generates for the provider can be read. A statement is answered
/// with "one row affected"; a query has no rows to give, so it ends in <see cref="QueryRecorded"/>.
/// </summary>
public sealed class RecordingSqlInterceptor : DbCommandInterceptor, IDbConnectionInterceptor
{
    private readonly List<string> commands = [];

    public IReadOnlyList<string> Commands => commands;

    public InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
        new(InterceptionResult.Suppress());

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        InterceptionResult.Suppress();

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result) =>
        new(InterceptionResult.Suppress());

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        throw new QueryRecorded();
    }

    public sealed class QueryRecorded() : Exception("The query was recorded, not run.");

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return new(InterceptionResult<int>.SuppressWithResult(1));
    }

    private void Record(DbCommand command)
    {
        var text = new StringBuilder();
        foreach (DbParameter parameter in command.Parameters)
            text.Append("-- ").Append(parameter.ParameterName).Append(' ').Append(parameter.DbType).Append('\n');
        text.Append(command.CommandText.ReplaceLineEndings("\n"));
        commands.Add(text.ToString());
    }
}
