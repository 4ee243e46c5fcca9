using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Marketplace.Api.Data;

/// <summary>Tells a concurrent writer's conflict (a unique key taken, a row changed) from a fault.</summary>
public static class DbConflicts
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool IsConflict(DbUpdateException e) => e is DbUpdateConcurrencyException || IsUniqueViolation(e.InnerException);

    /// <summary>Also for commands run outside the change tracker (bulk inserts), which throw the provider's exception.</summary>
    public static bool IsConflict(Exception e) => e is DbUpdateException update ? IsConflict(update) : IsUniqueViolation(e);

    private static bool IsUniqueViolation(Exception? e) => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        SqlException sql => sql.Number is 2601 or 2627,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>One line for the log: which constraint, never a stack.</summary>
    public static string Describe(DbUpdateException e) =>
        e is DbUpdateConcurrencyException ? "a row changed since it was read" : e.InnerException?.Message ?? e.Message;
}
