using Microsoft.AspNetCore.Http;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// A database that, once stalled, never answers a query until the command is cancelled:
/// a request that gets an answer shows that its budget cancelled the EF command.
/// </summary>
public sealed class StallingDatabase : DbCommandInterceptor
{
    private TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool stalled;

    /// <summary>Completes when a stalled query has reached the database.</summary>
    public Task QueryStarted => started.Task;

    private int cancelled;

    /// <summary>Stalled commands that ended because their request's token was cancelled.</summary>
    public int Cancelled => Volatile.Read(ref cancelled);

    public void Stall()
    {
        started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        stalled = true;
    }

    public void Release() => stalled = false;

    private IHttpContextAccessor? requests;

    /// <summary>Stalls only commands run for an HTTP request, so background work (outbox, indexing, stats) cannot be mistaken for the request's query.</summary>
    public StallingDatabase ForRequestsOf(IHttpContextAccessor accessor)
    {
        requests = accessor;
        return this;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (stalled && (requests is null || requests.HttpContext is not null))
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref cancelled);
                throw;
            }
        }
        return result;
    }
}
