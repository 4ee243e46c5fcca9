using System.Data.Common;

namespace Marketplace.Api.Data;

/// <summary>The database server could not be reached at start-up: says which server, and how often it was tried.</summary>
public sealed class DatabaseUnavailableException(DatabaseProvider provider, string server, int attempts, Exception inner)
    : Exception($"Cannot connect to the {provider} database server '{server}' after {attempts} attempt{(attempts == 1 ? "" : "s")}: {inner.Message}", inner)
{
    public static bool IsConnectionFailure(Exception e) => e is DbException or TimeoutException or System.Net.Sockets.SocketException;
}
