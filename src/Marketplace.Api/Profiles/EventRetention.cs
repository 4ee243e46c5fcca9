using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles;

/// <summary>
/// Deletes events older than Profiles:EventRetentionDays, a few thousand at a time, once an hour. What they taught
/// the profile (counts, affinities, lifetime value) stays; their ids stop deduplicating. Safe on several instances:
/// deleting what another instance already deleted does nothing.
/// </summary>
public sealed class EventRetention(IServiceScopeFactory scopes, TimeProvider time, IOptions<ProfilesOptions> options, ILogger<EventRetention> logger)
    : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private const int Chunk = 5_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await PurgeAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Deleted {Count} events older than {Days} days.", deleted, options.Value.EventRetentionDays);
                await Task.Delay(Every, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning("Event retention could not run: {Error}", e.Message);
                await Task.Delay(Every, time, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>Deletes every event past retention; the number deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = time.GetUtcNow().UtcDateTime.AddDays(-options.Value.EventRetentionDays);
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
            var ids = await db.TrackedEvents.Where(e => e.Timestamp < cutoff).OrderBy(e => e.Id).Select(e => e.Id).Take(Chunk).ToListAsync(ct);
            if (ids.Count == 0) return total;
            total += await db.TrackedEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync(ct);
        }
    }
}
