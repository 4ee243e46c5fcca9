using System.Data.Common;
using Marketplace.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Data;

/// <summary>
/// One lock across every API instance over the same database, held while one of them migrates and seeds,
/// so instances that start together never both load the demo marketplace.
/// </summary>
public sealed class StartupLock(DataDirectory directory)
{
    private const string Name = "marketplace-startup";

    // Any constant works; it only has to be the same on every instance.
    private const long PostgresKey = 0x6d61726b6574;

    public async Task<IAsyncDisposable> AcquireAsync(MarketplaceDb db, CancellationToken ct)
    {
        if (db.Database.IsSqlite()) return await FileLock.AcquireAsync(directory.File("marketplace.db.startup-lock"), ct);

        var (take, release) = db.Database.IsNpgsql()
            ? ($"SELECT pg_advisory_lock({PostgresKey})", $"SELECT pg_advisory_unlock({PostgresKey})")
            : ($"EXEC sp_getapplock @Resource = '{Name}', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = -1",
               $"EXEC sp_releaseapplock @Resource = '{Name}', @LockOwner = 'Session'");
        // Its own connection, so that EF's migration and seeding connections stay untouched.
        var connectionString = db.Database.GetConnectionString();
        DbConnection connection = db.Database.IsNpgsql()
            ? new Npgsql.NpgsqlConnection(connectionString)
            : new Microsoft.Data.SqlClient.SqlConnection(connectionString);
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (connection.State != System.Data.ConnectionState.Closed) await connection.CloseAsync();
            await connection.OpenAsync(token);
            await using var command = connection.CreateCommand();
            command.CommandText = take;
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(token);
        }, ct);
        return new ServerLock(connection, release);
    }

    private sealed class ServerLock(DbConnection connection, string release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = release;
                await command.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>An exclusive open of a lock file beside the SQLite database (an OS file lock, so it also holds across processes).</summary>
    private sealed class FileLock(FileStream stream) : IAsyncDisposable
    {
        public static async Task<IAsyncDisposable> AcquireAsync(string path, CancellationToken ct)
        {
            while (true)
            {
                try
                {
                    return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50), ct);
                }
            }
        }

        public ValueTask DisposeAsync() => stream.DisposeAsync();
    }
}
