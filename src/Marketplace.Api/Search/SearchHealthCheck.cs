using Marketplace.Api.Catalog;
using Marketplace.Api.Data.Outbox;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Api.Search;

/// <summary>
/// Readiness of search: degraded, not unhealthy, when the engine is down or the index lags, because catalog writes
/// still succeed and queue up in the outbox; the API keeps serving everything else.
/// </summary>
public sealed class SearchHealthCheck(ISearchEngine engine, OutboxLeases leases) : IHealthCheck
{
    public static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(60);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var health = await engine.CheckHealthAsync(ct);
        var (pending, lag) = await leases.BacklogAsync(CatalogChanges.Topic, ct);
        var data = new Dictionary<string, object>
        {
            ["documents"] = health.DocumentCount,
            ["pendingChanges"] = pending,
            ["lagSeconds"] = Math.Round(lag.TotalSeconds, 1),
        };
        if (!health.Available)
            return HealthCheckResult.Degraded($"The search engine is unavailable ({health.Problem}); {pending} catalog changes wait in the outbox.", data: data);
        if (lag > MaxLag)
            return HealthCheckResult.Degraded($"The search index is {lag.TotalSeconds:0} s behind the catalog ({pending} changes waiting).", data: data);
        return HealthCheckResult.Healthy($"{health.DocumentCount} products searchable.", data);
    }
}
