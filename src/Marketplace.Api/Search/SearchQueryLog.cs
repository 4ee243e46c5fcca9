using System.Collections.Concurrent;
using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Search;

/// <summary>
/// Counts what buyers search for, for popular-query suggestions. Searches only add to an in-memory tally; a
/// background pass adds the tallies to the shared database every few seconds, so no search waits on a write, and
/// every instance's counts meet in one table. A crash loses at most those seconds of counts: statistics, not orders.
/// </summary>
public sealed class SearchQueryLog
{
    private ConcurrentDictionary<string, Tally> pending = new();

    private sealed class Tally
    {
        public long Count;
        public long LastResultCount;
    }

    public void Record(string query, long resultCount)
    {
        var key = SearchText.Key(query);
        if (key.Length == 0 || key.Length > Limits.SearchQueryKept) return;
        var tally = pending.GetOrAdd(key, _ => new Tally());
        Interlocked.Increment(ref tally.Count);
        Interlocked.Exchange(ref tally.LastResultCount, resultCount);
    }

    /// <summary>Adds the tallies gathered since the last flush to the database.</summary>
    public async Task<int> FlushAsync(MarketplaceDb db, TimeProvider time, CancellationToken ct)
    {
        var taken = Interlocked.Exchange(ref pending, new ConcurrentDictionary<string, Tally>());
        if (taken.IsEmpty) return 0;
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var (query, tally) in taken)
        {
            var (count, results) = (Interlocked.Read(ref tally.Count), (int)Math.Min(int.MaxValue, Interlocked.Read(ref tally.LastResultCount)));
            if (await AddAsync(db, query, count, results, now, ct) > 0) continue;
            db.SearchQueryStats.Add(new SearchQueryStat { Query = query, Count = count, LastResultCount = results, LastSearchedAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException e) when (DbConflicts.IsConflict(e))
            {
                // Another instance inserted the same query first; add to its row.
                await AddAsync(db, query, count, results, now, ct);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        return taken.Count;
    }

    private static Task<int> AddAsync(MarketplaceDb db, string query, long count, int results, DateTime now, CancellationToken ct) =>
        db.SearchQueryStats.Where(s => s.Query == query).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Count, s => s.Count + count)
            .SetProperty(s => s.LastResultCount, results)
            .SetProperty(s => s.LastSearchedAt, now), ct);

    /// <summary>The most searched queries that found something, for suggestions.</summary>
    public static async Task<List<PopularQuery>> PopularAsync(MarketplaceDb db, int count, CancellationToken ct) =>
        await db.SearchQueryStats.AsNoTracking()
            .Where(s => s.LastResultCount > 0)
            .OrderByDescending(s => s.Count).ThenBy(s => s.Query)
            .Take(count)
            .Select(s => new PopularQuery(s.Query, s.Count))
            .ToListAsync(ct);
}
