using GraphQL.DataLoader;

namespace Marketplace.Api.GraphQL.Loading;

/// <summary>
/// Collects the keys that resolvers ask for while a level of the query resolves, then loads them
/// in one query when the executor first awaits a result. Scoped: one instance, one cache, per request.
/// </summary>
public abstract class BatchLoader<TKey, TValue> where TKey : notnull
{
    private readonly Dictionary<TKey, TValue> loaded = [];
    private readonly HashSet<TKey> pending = [];
    private readonly SemaphoreSlim gate = new(1, 1);

    public IDataLoaderResult<TValue> Load(TKey key) => Load(key, value => value);

    /// <summary>Several keys in one deferred result, in the order given (a breadcrumb's categories).</summary>
    public IDataLoaderResult<IReadOnlyList<TValue>> LoadMany(IReadOnlyList<TKey> keys) => new AllResults<TValue>([.. keys.Select(Load)]);

    /// <summary>Loads the keys; keys missing from the answer get <see cref="Missing"/>.</summary>
    protected abstract Task<IReadOnlyDictionary<TKey, TValue>> FetchAsync(IReadOnlyCollection<TKey> keys, CancellationToken ct);

    protected abstract TValue Missing { get; }

    private async Task<TValue> GetAsync(TKey key, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            TKey[] batch;
            lock (pending)
            {
                batch = [.. pending];
                pending.Clear();
            }
            if (batch.Length > 0)
            {
                var fetched = await FetchAsync(batch, ct);
                foreach (var k in batch)
                    loaded[k] = fetched.TryGetValue(k, out var value) ? value : Missing;
            }
            return loaded.TryGetValue(key, out var result) ? result : Missing;
        }
        finally
        {
            gate.Release();
        }
    }

    private sealed class Deferred<TResult>(BatchLoader<TKey, TValue> loader, TKey key, Func<TValue, TResult> project)
        : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            project(await loader.GetAsync(key, cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) =>
            await GetResultAsync(cancellationToken);
    }

    /// <summary>A deferred result shaped from the loaded value, e.g. the best of a product's offers.</summary>
    public IDataLoaderResult<TResult> Load<TResult>(TKey key, Func<TValue, TResult> project)
    {
        lock (pending)
        {
            if (!loaded.ContainsKey(key)) pending.Add(key);
        }
        return new Deferred<TResult>(this, key, project);
    }
}

/// <summary>Loads one value a key: an entity by id. Unknown ids load as null.</summary>
public abstract class EntityLoader<TKey, TValue> : BatchLoader<TKey, TValue?> where TKey : notnull where TValue : class
{
    protected override TValue? Missing => null;
}

/// <summary>Loads a list a key: a product's offers. Keys with none load as an empty list.</summary>
public abstract class ListLoader<TKey, TValue> : BatchLoader<TKey, IReadOnlyList<TValue>> where TKey : notnull
{
    protected override IReadOnlyList<TValue> Missing => [];
}

/// <summary>A result already at hand, for fields that sometimes need no loading (a root category's parent).</summary>
public sealed class ResolvedResult<T>(T value) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);

    Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
}

/// <summary>Several deferred results as one list, in order; each part may come from a different loader.</summary>
public sealed class AllResults<T>(IReadOnlyList<IDataLoaderResult<T>> parts) : IDataLoaderResult<IReadOnlyList<T>>
{
    public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
    {
        var values = new T[parts.Count];
        for (var i = 0; i < parts.Count; i++)
            values[i] = await parts[i].GetResultAsync(cancellationToken);
        return values;
    }

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
}
