using Marketplace.Api.Search;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Recommendations;

/// <summary>
/// What recommendations read about products, kept briefly in each process: a product's facts (its search document)
/// for <see cref="DocumentLifetime"/>, the most offered products of a category or brand for
/// <see cref="PopularLifetime"/>, and the catalog's top trends for <c>Recommendations:TrendCacheSeconds</c>. The engine checks the few products it finally returns against the database, so a
/// product that sold out or lost its offers meanwhile is never shown; only ranking may lag by these lifetimes.
/// </summary>
public sealed class RecommendationCatalogCache(IOptions<RecommendationsOptions> options)
{
    public static readonly TimeSpan DocumentLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PopularLifetime = TimeSpan.FromSeconds(60);
    private TimeSpan TrendLifetime => TimeSpan.FromSeconds(options.Value.TrendCacheSeconds);

    private readonly MemoryCache entries = new(new MemoryCacheOptions { SizeLimit = 200_000, CompactionPercentage = 0.2 });

    /// <summary>The visible products among the ids (a product nobody can buy has no document), read from the database only for those not cached.</summary>
    public async Task<IReadOnlyDictionary<long, ProductDocument>> DocumentsAsync(IEnumerable<long> productIds, ProductDocuments documents, CancellationToken ct)
    {
        var found = new Dictionary<long, ProductDocument>();
        var missing = new List<long>();
        foreach (var id in productIds.Distinct())
        {
            if (entries.TryGetValue(("doc", id), out DocumentEntry? entry)) { if (entry!.Document is { } document) found[id] = document; }
            else missing.Add(id);
        }
        if (missing.Count == 0) return found;
        var loaded = (await documents.LoadAsync(missing, ct)).Upserts.ToDictionary(d => d.ProductId);
        foreach (var id in missing)
        {
            var document = loaded.GetValueOrDefault(id);
            entries.Set(("doc", id), new DocumentEntry(document), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = DocumentLifetime });
            if (document is not null) found[id] = document;
        }
        return found;
    }

    /// <summary>A ranked id list under a key ("category:12", "brand:acme"), loaded once a lifetime per process.</summary>
    public async Task<IReadOnlyList<long>> PopularAsync(string key, Func<Task<List<long>>> load)
    {
        if (entries.TryGetValue(("popular", key), out IReadOnlyList<long>? ids)) return ids!;
        ids = await load();
        entries.Set(("popular", key), ids, new MemoryCacheEntryOptions { Size = Math.Max(1, ids.Count / 100), AbsoluteExpirationRelativeToNow = PopularLifetime });
        return ids;
    }

    /// <summary>The catalog's top trend rows with each product's category, read again after the trend cache lifetime, decayed by the reader.</summary>
    public async Task<IReadOnlyList<TrendRow>> TrendsAsync(Func<Task<List<TrendRow>>> load)
    {
        if (entries.TryGetValue("trends", out IReadOnlyList<TrendRow>? rows)) return rows!;
        rows = await load();
        if (TrendLifetime <= TimeSpan.Zero) return rows;
        entries.Set("trends", rows, new MemoryCacheEntryOptions { Size = Math.Max(1, rows.Count / 100), AbsoluteExpirationRelativeToNow = TrendLifetime });
        return rows;
    }

    public sealed record TrendRow(long ProductId, int CategoryId, double Score, DateTime AsOf);

    private sealed record DocumentEntry(ProductDocument? Document);
}
