using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Data;

public static class Transactions
{
    /// <summary>
    /// Runs several saves as one transaction under the provider's execution strategy (which may retry
    /// the whole unit on SQL Server), as eShop's ResilientTransaction does.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this MarketplaceDb db, Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return strategy.ExecuteAsync(async token =>
        {
            using var turn = await db.WriteTurnAsync(token);
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            var result = await work(token);
            await transaction.CommitAsync(token);
            return result;
        }, ct);
    }
}
