using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Recommendations;

/// <summary>Stored events about products, for the co-occurrence counts and trend scores to take in.</summary>
public sealed record ProductSignals(IReadOnlyList<string> EventIds)
{
    public const string Topic = "recommendations.signals";

    private static readonly TrackedEventType[] Counted = [TrackedEventType.ProductView, TrackedEventType.AddToCart, TrackedEventType.Purchase];

    /// <summary>Written in the transaction that stores the events, so every stored view and purchase is counted once it commits.</summary>
    public static Task EnqueueAsync(MarketplaceDb db, IEnumerable<TrackedEvent> stored, DateTime now, CancellationToken ct)
    {
        var ids = stored.Where(e => e.ProductId is not null && Counted.Contains(e.Type)).Select(e => e.EventId).ToList();
        return ids.Count == 0 ? Task.CompletedTask : Outbox.EnqueueAsync(db, [Outbox.Message(Topic, new ProductSignals(ids), now)], ct);
    }
}

/// <summary>
/// Brings the co-view and co-purchase counts and the trend scores up to date with a batch of events. The counts are
/// written in one transaction with the deletion of the batch's outbox rows (still under this worker's lease), so a
/// batch is counted exactly once: a failure rolls both back and the rows are retried; a worker whose lease another
/// took over deletes fewer rows than it holds and rolls its counts back.
/// </summary>
public sealed class ProductSignalsHandler(IServiceScopeFactory scopes, IOptions<RecommendationsOptions> options) : IOutboxHandler
{
    /// <summary>A new view or purchase pairs with at most this many of the person's earlier ones (the most recent).</summary>
    public const int MaxPartners = 50;

    private static readonly Dictionary<TrackedEventType, double> TrendWeights = new()
    {
        [TrackedEventType.ProductView] = 1,
        [TrackedEventType.AddToCart] = 3,
        [TrackedEventType.Purchase] = 5,
    };

    public string Topic => ProductSignals.Topic;

    public int BatchSize => 50;

    public bool DeletesBatch => true;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        var eventIds = batch.SelectMany(m => Outbox.Read<ProductSignals>(m).EventIds).Distinct().ToList();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var events = await db.TrackedEvents.AsNoTracking().Where(e => eventIds.Contains(e.EventId) && e.ProductId != null)
            .Select(e => new Signal(e.Id, e.ProfileId, e.Type, e.ProductId!.Value, e.Timestamp))
            .ToListAsync(ct);
        events.Sort((a, b) => a.Id.CompareTo(b.Id));

        var settings = options.Value;
        var coViews = await PairsAsync(db, events, TrackedEventType.ProductView, TimeSpan.FromDays(settings.CoViewWindowDays), ct);
        var coPurchases = await PairsAsync(db, events, TrackedEventType.Purchase, TimeSpan.FromDays(settings.CoPurchaseWindowDays), ct);
        var profileIds = events.Select(e => e.ProfileId).Distinct().ToList();
        var memberships = (await db.SegmentMemberships.AsNoTracking().Where(m => profileIds.Contains(m.ProfileId))
            .Select(m => new { m.ProfileId, m.SegmentId }).ToListAsync(ct)).ToLookup(m => m.ProfileId, m => m.SegmentId);

        await db.InTransactionAsync(async token =>
        {
            var ids = batch.Select(m => m.Id).ToList();
            var lease = batch[0].LeaseToken;
            var deleted = await db.Set<OutboxMessage>().Where(m => ids.Contains(m.Id) && m.LeaseToken == lease).ExecuteDeleteAsync(token);
            if (deleted != batch.Count) throw new InvalidOperationException("Another worker took over this batch; its counts are left to that worker.");
            await IncrementAsync(db.CoViews, coViews, token);
            await IncrementAsync(db.CoPurchases, coPurchases, token);
            await AddTrendsAsync(db, events, memberships, settings.TrendHalfLife, token);
            await db.SaveChangesAsync(token);
            return 0;
        }, ct);
    }

    private sealed record Signal(long Id, long ProfileId, TrackedEventType Type, long ProductId, DateTime At);

    /// <summary>
    /// The pairs each event adds: a person's first event of the type on a product pairs it with every other product
    /// they had one on within the window, so a count is the number of people who viewed (or bought) both.
    /// </summary>
    private static async Task<Dictionary<(long, long), int>> PairsAsync(MarketplaceDb db, List<Signal> events, TrackedEventType type, TimeSpan window, CancellationToken ct)
    {
        var pairs = new Dictionary<(long, long), int>();
        var ofType = events.Where(e => e.Type == type).ToList();
        if (ofType.Count == 0) return pairs;
        var profileIds = ofType.Select(e => e.ProfileId).Distinct().ToList();
        var since = ofType.Min(e => e.At) - window;
        var lastId = ofType.Max(e => e.Id);
        var history = (await db.TrackedEvents.AsNoTracking()
                .Where(e => profileIds.Contains(e.ProfileId) && e.Type == type && e.ProductId != null && e.Timestamp >= since && e.Id <= lastId)
                .Select(e => new Signal(e.Id, e.ProfileId, e.Type, e.ProductId!.Value, e.Timestamp)).ToListAsync(ct))
            .ToLookup(e => e.ProfileId);
        foreach (var e in ofType)
        {
            var earlier = history[e.ProfileId].Where(h => h.Id < e.Id).ToList();
            if (earlier.Any(h => h.ProductId == e.ProductId)) continue;
            var partners = earlier.Where(h => h.At >= e.At - window && h.At <= e.At + window)
                .OrderByDescending(h => h.Id).Select(h => h.ProductId).Distinct().Take(MaxPartners);
            foreach (var other in partners)
            {
                pairs[(e.ProductId, other)] = pairs.GetValueOrDefault((e.ProductId, other)) + 1;
                pairs[(other, e.ProductId)] = pairs.GetValueOrDefault((other, e.ProductId)) + 1;
            }
        }
        return pairs;
    }

    /// <summary>Adds to existing rows in the database (atomic increments, one statement per product and amount) and inserts the rest.</summary>
    private static async Task IncrementAsync<TPair>(DbSet<TPair> set, Dictionary<(long A, long B), int> pairs, CancellationToken ct)
        where TPair : ProductPairCount, new()
    {
        foreach (var group in pairs.GroupBy(p => p.Key.A))
        {
            var productId = group.Key;
            var others = group.Select(p => p.Key.B).ToList();
            var existing = (await set.AsNoTracking().Where(p => p.ProductId == productId && others.Contains(p.OtherProductId))
                .Select(p => p.OtherProductId).ToListAsync(ct)).ToHashSet();
            foreach (var byAmount in group.Where(p => existing.Contains(p.Key.B)).GroupBy(p => p.Value))
            {
                var amount = byAmount.Key;
                var ids = byAmount.Select(p => p.Key.B).ToList();
                await set.Where(p => p.ProductId == productId && ids.Contains(p.OtherProductId))
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.Count, p => p.Count + amount), ct);
            }
            set.AddRange(group.Where(p => !existing.Contains(p.Key.B)).Select(p => new TPair { ProductId = productId, OtherProductId = p.Key.B, Count = p.Value }));
        }
    }

    private static async Task AddTrendsAsync(MarketplaceDb db, List<Signal> events, ILookup<long, long> memberships, TimeSpan halfLife, CancellationToken ct)
    {
        var productIds = events.Select(e => e.ProductId).Distinct().ToList();
        var trends = await db.ProductTrends.Where(t => productIds.Contains(t.ProductId)).ToDictionaryAsync(t => t.ProductId, ct);
        var segmentIds = memberships.SelectMany(m => m).Distinct().ToList();
        var segmentTrends = segmentIds.Count == 0 ? [] : await db.SegmentProductTrends
            .Where(t => segmentIds.Contains(t.SegmentId) && productIds.Contains(t.ProductId))
            .ToDictionaryAsync(t => (t.SegmentId, t.ProductId), ct);
        foreach (var e in events)
        {
            var weight = TrendWeights.GetValueOrDefault(e.Type);
            if (weight == 0) continue;
            if (!trends.TryGetValue(e.ProductId, out var trend))
                db.ProductTrends.Add(trends[e.ProductId] = trend = new ProductTrend { ProductId = e.ProductId, AsOf = e.At });
            (trend.Score, trend.AsOf) = TrendDecay.Add(trend.Score, trend.AsOf, weight, e.At, halfLife);
            foreach (var segmentId in memberships[e.ProfileId])
            {
                if (!segmentTrends.TryGetValue((segmentId, e.ProductId), out var segmentTrend))
                    db.SegmentProductTrends.Add(segmentTrends[(segmentId, e.ProductId)] = segmentTrend =
                        new SegmentProductTrend { SegmentId = segmentId, ProductId = e.ProductId, AsOf = e.At });
                (segmentTrend.Score, segmentTrend.AsOf) = TrendDecay.Add(segmentTrend.Score, segmentTrend.AsOf, weight, e.At, halfLife);
            }
        }
    }
}
