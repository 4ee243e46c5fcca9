using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Marketplace.Api.Data;

/// <summary>
/// INSERTs of new rows without the change tracker, with the tables, columns, converters and parameter types of
/// the EF model. EF's SQLite provider prepares one command per tracked row, which held seed loads to ~700 products/s
/// and a 5,000-row bulk import to over ten seconds. Used by the seed loader and by bulk listing imports.
/// </summary>
internal sealed class BulkInsert<T> where T : class
{
    // SQL Server takes at most 2,100 parameters and 1,000 rows in one VALUES list.
    private const int MaxParameters = 2_000;
    private const int MaxRows = 1_000;

    // Up to this many parameters, the rows of a small set (an order's lines) share one statement on SQLite too.
    private const int SmallSetParameters = 200;

    private static readonly string[] ParameterNames = [.. Enumerable.Range(0, MaxParameters).Select(i => $"p{i}")];

    private readonly ISqlGenerationHelper sql;
    private readonly string insertInto;
    private readonly IProperty[] columns;
    private readonly int rowsPerStatement;

    public BulkInsert(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        sql = db.GetService<ISqlGenerationHelper>();
        columns = entity.GetFlattenedProperties().Where(p => !(p.IsPrimaryKey() && p.ValueGenerated == ValueGenerated.OnAdd)).ToArray();
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var names = string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.GetColumnName(table)!)));
        insertInto = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({names}) VALUES ";
        // A server wants few round trips. SQLite runs in-process and binds parameters by name in time growing
        // with their count, so one prepared single-row statement, bound again for each row, is fastest there
        // for a large set; a small one still goes in one statement.
        rowsPerStatement = db.Database.IsSqlite() ? 1 : Math.Min(MaxRows, MaxParameters / columns.Length);
    }

    /// <summary>How many rows one INSERT carries on this provider.</summary>
    internal int RowsPerStatement => rowsPerStatement;

    /// <summary>Inserts the rows in the context's current transaction; generated keys are not read back.</summary>
    public async Task InsertAsync(DatabaseFacade database, IReadOnlyList<T> rows, CancellationToken ct)
    {
        var connection = database.GetDbConnection();
        var transaction = database.CurrentTransaction?.GetDbTransaction();
        var perStatement = rows.Count * columns.Length <= SmallSetParameters ? Math.Max(rowsPerStatement, rows.Count) : rowsPerStatement;
        DbCommand? full = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                var command = count == perStatement ? full ??= CreateCommand(connection, transaction, count) : CreateCommand(connection, transaction, count);
                command.Parameters.Clear();
                for (var i = start; i < start + count; i++)
                {
                    foreach (var column in columns)
                    {
                        var value = column.GetGetter().GetClrValueUsingContainingEntity(rows[i]);
                        var name = sql.GenerateParameterName(ParameterNames[command.Parameters.Count]);
                        command.Parameters.Add(column.GetRelationalTypeMapping().CreateParameter(command, name, value, column.IsNullable));
                    }
                }
                await command.ExecuteNonQueryAsync(ct);
                if (command != full) await command.DisposeAsync();
            }
        }
        finally
        {
            if (full is not null) await full.DisposeAsync();
        }
    }

    private DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, int rows)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = CommandText(rows);
        return command;
    }

    /// <summary>The INSERT of <paramref name="rows"/> rows, one VALUES tuple of parameters each.</summary>
    internal string CommandText(int rows)
    {
        var text = new StringBuilder(insertInto);
        for (var i = 0; i < rows; i++)
        {
            text.Append(i == 0 ? "(" : ", (");
            for (var c = 0; c < columns.Length; c++)
                text.Append(c == 0 ? "" : ", ").Append(sql.GenerateParameterNamePlaceholder(ParameterNames[i * columns.Length + c]));
            text.Append(')');
        }
        return text.ToString();
    }
}
