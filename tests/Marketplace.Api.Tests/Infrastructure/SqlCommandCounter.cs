using System.Data.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands the API sends for requests, to show that batch loading keeps them constant. Commands of
/// background work (outbox workers, search maintenance) run outside any request and are not counted.
/// </summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private int count;
    private IHttpContextAccessor? requests;

    public SqlCommandCounter ForRequestsOf(IHttpContextAccessor accessor)
    {
        requests = accessor;
        return this;
    }

    private void CountIfForARequest()
    {
        if (requests is null || requests.HttpContext is not null) Interlocked.Increment(ref count);
    }

    public int Count => Volatile.Read(ref count);

    public void Reset() => Interlocked.Exchange(ref count, 0);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        CountIfForARequest();
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        CountIfForARequest();
        return base.ReaderExecuting(command, eventData, result);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        CountIfForARequest();
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
