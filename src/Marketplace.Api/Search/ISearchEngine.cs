namespace Marketplace.Api.Search;

/// <summary>
/// The one contract both search engines (embedded Lucene, Elasticsearch) fulfil. Search code and resolvers depend on
/// this alone, so which engine runs is a matter of configuration (<c>Search:Engine</c>).
/// </summary>
public interface ISearchEngine
{
    /// <summary>
    /// Adds or replaces the given documents and removes the given products. When it returns, the change is durable
    /// and visible to the next search, so the outbox row that asked for it can be marked done.
    /// Throws <see cref="SearchUnavailableException"/> when the engine cannot take writes.
    /// </summary>
    Task IndexAsync(IReadOnlyCollection<ProductDocument> upserts, IReadOnlyCollection<long> deletes, CancellationToken ct);

    Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken ct);

    /// <summary>Typeahead: product titles, brands, categories and popular past queries starting with the prefix, most popular first.</summary>
    Task<IReadOnlyList<Suggestion>> SuggestAsync(string prefix, int first, CancellationToken ct);

    /// <summary>Replaces the popular past queries that suggestions draw on.</summary>
    Task ReplacePopularQueriesAsync(IReadOnlyCollection<PopularQuery> queries, CancellationToken ct);

    /// <summary>The number of documents searchable now, or a failure saying why the engine is unavailable.</summary>
    Task<SearchEngineHealth> CheckHealthAsync(CancellationToken ct);

    /// <summary>
    /// Starts a full rebuild into a new index (a new Lucene directory; a new Elasticsearch index) while searches go on
    /// against the current one. Committing the rebuild swaps it in (directory pointer; alias); disposing it without
    /// committing throws the new index away.
    /// </summary>
    Task<ISearchIndexRebuild> BeginRebuildAsync(CancellationToken ct);
}

public interface ISearchIndexRebuild : IAsyncDisposable
{
    Task AddAsync(IReadOnlyCollection<ProductDocument> documents, CancellationToken ct);
    Task CommitAsync(CancellationToken ct);
}

public sealed record SearchEngineHealth(bool Available, long DocumentCount, string? Problem = null);

public sealed record PopularQuery(string Query, long Count);

public enum SuggestionKind { Product, Brand, Category, Query }

/// <summary>One typeahead entry; <see cref="Key"/> is the product id, the category slug, or null.</summary>
public sealed record Suggestion(string Text, SuggestionKind Kind, string? Key, double Weight);

public sealed class SearchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
