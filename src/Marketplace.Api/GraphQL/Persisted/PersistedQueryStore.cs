using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Api.GraphQL.Persisted;

/// <summary>
/// Stores APQ texts in the database (so a hash registered through one instance works on all)
/// with a local cache in front; the cache only ever holds what the database has.
/// </summary>
public sealed class PersistedQueryStore(MarketplaceDb db, IMemoryCache cache, TimeProvider time)
{
    public static string HashOf(string query) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query)));

    public async Task<string?> FindAsync(string hash, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(hash), out string? cached)) return cached;
        var query = await db.Set<PersistedQuery>().AsNoTracking().Where(q => q.Hash == hash).Select(q => q.Query).FirstOrDefaultAsync(ct);
        if (query is not null) Remember(hash, query);
        return query;
    }

    public async Task SaveAsync(string hash, string query, CancellationToken ct)
    {
        if (cache.TryGetValue(CacheKey(hash), out _)) return;
        if (!await db.Set<PersistedQuery>().AnyAsync(q => q.Hash == hash, ct))
        {
            db.Set<PersistedQuery>().Add(new PersistedQuery { Hash = hash, Query = query, CreatedAt = time.GetUtcNow().UtcDateTime });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another request registered the same hash first; the text is the same.
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }
        Remember(hash, query);
    }

    private void Remember(string hash, string query) =>
        cache.Set(CacheKey(hash), query, new MemoryCacheEntryOptions { Size = query.Length, SlidingExpiration = TimeSpan.FromHours(1) });

    private static string CacheKey(string hash) => $"apq:{hash}";
}
