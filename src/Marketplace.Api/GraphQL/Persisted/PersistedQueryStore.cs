using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL.Persisted;

/// <summary>
/// Stores persisted query texts in the database (so a hash registered through one instance works on all)
/// with a local cache in front; the cache only ever holds what the database had. Registered queries live
/// under a quota shared by all instances, evicting the least recently used.
/// </summary>
public sealed class PersistedQueryStore(MarketplaceDb db, IMemoryCache cache, TimeProvider time, IOptions<PersistedQueryOptions> options)
{
    /// <summary>LastUsedAt is written at most this often per hash, so hot queries do not write on every request.</summary>
    public static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    private sealed record Cached(string Query, DateTime TouchedAt);

    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public async Task<string?> FindAsync(string hash, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!cache.TryGetValue(CacheKey(hash), out Cached? entry) || entry is null)
        {
            var stored = await db.PersistedQueries.AsNoTracking().Where(q => q.Hash == hash)
                .Select(q => new { q.Query, q.LastUsedAt }).FirstOrDefaultAsync(ct);
            if (stored is null) return null;
            entry = new Cached(stored.Query, stored.LastUsedAt);
        }
        if (now - entry.TouchedAt >= TouchInterval)
        {
            await db.PersistedQueries.Where(q => q.Hash == hash).ExecuteUpdateAsync(u => u.SetProperty(q => q.LastUsedAt, now), ct);
            entry = entry with { TouchedAt = now };
        }
        Remember(hash, entry);
        return entry.Query;
    }

    /// <summary>Registers a query the API has just parsed and validated, then trims the store to its quota.</summary>
    public async Task SaveAsync(string hash, string query, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(hash), out _)) return;
        if (await AddAsync(hash, query, pinned: false, ct))
            await TrimAsync(ct);
        Remember(hash, new Cached(query, time.GetUtcNow().UtcDateTime));
    }

    /// <summary>Adds an allow-listed query that is never evicted (or pins one already registered).</summary>
    public async Task<bool> ImportAsync(string hash, string query, CancellationToken ct)
    {
        var updated = await db.PersistedQueries.Where(q => q.Hash == hash).ExecuteUpdateAsync(u => u.SetProperty(q => q.Pinned, true), ct);
        return updated == 0 && await AddAsync(hash, query, pinned: true, ct);
    }

    private async Task<bool> AddAsync(string hash, string query, bool pinned, CancellationToken ct)
    {
        if (await db.PersistedQueries.AnyAsync(q => q.Hash == hash, ct)) return false;
        var now = time.GetUtcNow().UtcDateTime;
        db.PersistedQueries.Add(new PersistedQuery { Hash = hash, Query = query, CreatedAt = now, LastUsedAt = now, Pinned = pinned });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request registered the same hash first; the text is the same.
            return false;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    private async Task TrimAsync(CancellationToken ct)
    {
        var quota = options.Value;
        var registered = db.PersistedQueries.Where(q => !q.Pinned);
        var totals = await registered.GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Size = g.Sum(q => (long)q.Query.Length) })
            .FirstOrDefaultAsync(ct);
        if (totals is null || (totals.Count <= quota.MaxEntries && totals.Size <= quota.MaxTotalSize)) return;

        var (count, size) = (totals.Count, totals.Size);
        var victims = new List<string>();
        var oldest = registered.OrderBy(q => q.LastUsedAt).ThenBy(q => q.CreatedAt).Select(q => new { q.Hash, Size = (long)q.Query.Length });
        await foreach (var entry in oldest.AsAsyncEnumerable().WithCancellation(ct))
        {
            if (count <= quota.MaxEntries && size <= quota.MaxTotalSize) break;
            victims.Add(entry.Hash);
            count--;
            size -= entry.Size;
        }
        await db.PersistedQueries.Where(q => victims.Contains(q.Hash)).ExecuteDeleteAsync(ct);
        foreach (var hash in victims) cache.Remove(CacheKey(hash));
    }

    private void Remember(string hash, Cached entry) =>
        cache.Set(CacheKey(hash), entry, new MemoryCacheEntryOptions { Size = entry.Query.Length, SlidingExpiration = TimeSpan.FromHours(1) });

    private static string CacheKey(string hash) => $"apq:{hash}";
}
