using Marketplace.Api.Search;
using Microsoft.Extensions.Caching.Memory;

namespace Marketplace.Api.Recommendations;

/// <summary>
/// What recommendations read about products, kept briefly in each process: a product's facts (its search document)
/// for <see cref="DocumentLifetime"/>, the most offered products of a category or brand for
/// <see cref="PopularLifetime"/>, and the trending products of the catalog or a category for <see cref="TrendLifetime"/>. The engine checks the few products it finally returns against the database, so a
/// product that sold out or lost its offers meanwhile is never shown; only ranking may lag by these lifetimes.
/// </summary>
public sealed class RecommendationCatalogCache
{
    public static readonly TimeSpan DocumentLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan PopularLifetime = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan TrendLifetime = TimeSpan.FromSeconds(10);

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

    /// <summary>The top trend rows under a key ("all", "category:12"), read once a <see cref="TrendLifetime"/> per process and decayed by the reader.</summary>
    public async Task<IReadOnlyList<ProductTrend>> TrendsAsync(string key, Func<Task<List<ProductTrend>>> load)
    {
        if (entries.TryGetValue(("trend", key), out IReadOnlyList<ProductTrend>? rows)) return rows!;
        rows = await load();
        entries.Set(("trend", key), rows, new MemoryCacheEntryOptions { Size = Math.Max(1, rows.Count / 100), AbsoluteExpirationRelativeToNow = TrendLifetime });
        return rows;
    }

    private sealed record DocumentEntry(ProductDocument? Document);
}
