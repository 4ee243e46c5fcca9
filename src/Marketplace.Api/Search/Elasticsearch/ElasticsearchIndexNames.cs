namespace Marketplace.Api.Search.Elasticsearch;

/// <summary>
/// Searches and writes go through the <see cref="Products"/> alias; the index behind it is timestamped so a rebuild can
/// fill a new one and swap the alias atomically.
/// </summary>
public sealed record ElasticsearchIndexNames(string Prefix)
{
    public string Products => $"{Prefix}-products";
    public string PopularQueries => $"{Prefix}-queries";

    public string NewProductsIndex(DateTimeOffset now) => $"{Products}-{now.UtcDateTime:yyyyMMddHHmmssfff}";
}
