using Marketplace.Api.Catalog;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Search;

public static class SearchIndexWait
{
    /// <summary>
    /// Waits until the indexer has taken every queued catalog change (the outbox holds none), which is when a change
    /// is searchable; fails after the deadline with what is still queued.
    /// </summary>
    public static async Task CaughtUpAsync(this MarketplaceApiFactory api, TimeSpan? deadline = null)
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var pending = await api.QueryDbAsync(db => db.OutboxMessages.CountAsync(m => m.Topic == CatalogChanges.Topic && m.DeadAt == null));
            if (pending == 0) return;
            if (DateTime.UtcNow > until) Assert.Fail($"The search index has not caught up: {pending} catalog changes still queued.");
            await Task.Delay(25);
        }
    }
}
