using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;

namespace Marketplace.Api.Data;

/// <summary>The database server could not be reached at start-up: says which server, and how often it was tried.</summary>
public sealed class DatabaseUnavailableException(DatabaseOptions options, string server, Exception inner)
    : Exception(Describe(options, server, inner), inner)
{
    public static bool IsConnectionFailure(Exception e) =>
        e is RetryLimitExceededException or DbException or TimeoutException or System.Net.Sockets.SocketException;

    private static string Describe(DatabaseOptions options, string server, Exception inner) => inner is RetryLimitExceededException { InnerException: { } last }
        ? $"Cannot connect to the {options.Provider} database server '{server}' after {options.MaxRetryCount + 1} attempts: {last.Message}"
        : $"Cannot connect to the {options.Provider} database server '{server}': {inner.Message}";
}
