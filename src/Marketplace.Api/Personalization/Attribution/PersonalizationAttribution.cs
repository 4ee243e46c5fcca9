using System.Collections.Concurrent;
using Marketplace.Api.Data;
using Marketplace.Api.Profiles;

namespace Marketplace.Api.Personalization.Attribution;

/// <summary>
/// Issues the request id of each search and recommendation response and counts the response as an impression of its
/// surface and group. Impressions are counted in memory and added to the database every few seconds
/// (<see cref="PersonalizationStatsFlusher"/>), so a response never waits on a write; a crashed instance loses the
/// impressions of its last few seconds. Clicks and add-to-carts are written with their events instead (<see cref="Outcomes"/>).
/// </summary>
public sealed class PersonalizationAttribution(TimeProvider time)
{
    private readonly ConcurrentDictionary<(DateOnly Day, ResponseSurface Surface, bool Personalized), Counter> pending = new();
    private readonly SemaphoreSlim flushing = new(1, 1);

    private sealed class Counter
    {
        public long Impressions;
    }

    /// <summary>A new request id for a response about to be shown, counted as one impression.</summary>
    public string BeginResponse(ResponseSurface surface, bool? personalized)
    {
        if (personalized is not { } group) return RequestIds.Create(surface, null);
        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        Interlocked.Increment(ref pending.GetOrAdd((day, surface, group), _ => new Counter()).Impressions);
        return RequestIds.Create(surface, personalized);
    }

    /// <summary>
    /// Adds the impressions counted since the last flush to the database, in one transaction; if that fails they stay
    /// pending for the next. Flushes take turns, so one that returns has written everything counted before it began.
    /// </summary>
    public async Task<int> FlushAsync(MarketplaceDb db, CancellationToken ct)
    {
        await flushing.WaitAsync(ct);
        try
        {
            var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
            var taken = new List<StatIncrement>();
            foreach (var (key, counter) in pending)
            {
                // Nothing counts into a day that ended before yesterday any more.
                if (key.Day < yesterday) pending.TryRemove(key, out _);
                var impressions = Interlocked.Exchange(ref counter.Impressions, 0);
                if (impressions > 0) taken.Add(new StatIncrement(key.Day, key.Surface, key.Personalized, impressions, 0, 0));
            }
            if (taken.Count == 0) return 0;
            try
            {
                await db.InTransactionAsync(async token =>
                {
                    await PersonalizationStats.AddAsync(db, taken, token);
                    return taken.Count;
                }, ct);
            }
            catch
            {
                foreach (var increment in taken)
                    Interlocked.Add(ref pending.GetOrAdd((increment.Day, increment.Surface, increment.Personalized), _ => new Counter()).Impressions, increment.Impressions);
                throw;
            }
            return taken.Count;
        }
        finally
        {
            flushing.Release();
        }
    }

    /// <summary>
    /// The clicks and add-to-carts among stored events that cite a request id of ours, by the event's UTC day and the
    /// response's surface and group; events with no or a foreign request id add nothing.
    /// </summary>
    public static IReadOnlyList<StatIncrement> Outcomes(IEnumerable<TrackedEvent> events)
    {
        var outcomes = new Dictionary<(DateOnly Day, ResponseSurface Surface, bool Personalized), (long Clicks, long AddToCarts)>();
        foreach (var e in events)
        {
            if (e.Type is not (TrackedEventType.Click or TrackedEventType.AddToCart) || !RequestIds.TryRead(e.RequestId, out var surface, out var personalized))
                continue;
            var key = (DateOnly.FromDateTime(e.Timestamp), surface, personalized);
            var (clicks, addToCarts) = outcomes.GetValueOrDefault(key);
            outcomes[key] = e.Type == TrackedEventType.Click ? (clicks + 1, addToCarts) : (clicks, addToCarts + 1);
        }
        return [.. outcomes.Select(o => new StatIncrement(o.Key.Day, o.Key.Surface, o.Key.Personalized, 0, o.Value.Clicks, o.Value.AddToCarts))];
    }
}

/// <summary>Adds the counted impressions to the database every few seconds, and once more when the host stops.</summary>
public sealed class PersonalizationStatsFlusher(
    PersonalizationAttribution attribution, IServiceScopeFactory scopes, TimeProvider time, ILogger<PersonalizationStatsFlusher> logger) : BackgroundService
{
    private static readonly TimeSpan FlushEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(FlushEvery, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await FlushAsync(stoppingToken);
        }
        await FlushAsync(CancellationToken.None);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await attribution.FlushAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDb>(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("Personalization stats could not be recorded (kept for the next try): {Error}", e.Message);
        }
    }
}
