using Marketplace.Api.Data;

namespace Marketplace.Api.Personalization;

/// <summary>
/// The intent vocabulary, read from the catalog on first use and again in the background once it is older than
/// <see cref="MaxAge"/>; searches never wait for a refresh. Each instance reads its own from the shared database.
/// </summary>
public sealed class QueryIntentVocabularyCache(IServiceScopeFactory scopes, TimeProvider time, ILogger<QueryIntentVocabularyCache> logger)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim loading = new(1, 1);
    private volatile Entry? current;
    private int refreshing;

    private sealed record Entry(QueryIntentVocabulary Vocabulary, DateTimeOffset ReadAt);

    public async Task<QueryIntentVocabulary> GetAsync(CancellationToken ct)
    {
        var entry = current;
        if (entry is null)
        {
            await loading.WaitAsync(ct);
            try
            {
                entry = current ??= await ReadAsync(ct);
            }
            finally
            {
                loading.Release();
            }
        }
        else if (time.GetUtcNow() - entry.ReadAt > MaxAge && Interlocked.Exchange(ref refreshing, 1) == 0)
        {
            _ = Task.Run(RefreshAsync, CancellationToken.None);
        }
        return entry.Vocabulary;
    }

    private async Task RefreshAsync()
    {
        try
        {
            current = await ReadAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Refreshing the search intent vocabulary failed; the previous one stays in use");
        }
        finally
        {
            Volatile.Write(ref refreshing, 0);
        }
    }

    private async Task<Entry> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        return new Entry(await QueryIntentVocabularySource.LoadAsync(db, ct), time.GetUtcNow());
    }
}
