namespace Marketplace.Api.Search;

/// <summary>How often buyers searched one normalized query, and what it found last time: the source of popular-query suggestions.</summary>
public sealed class SearchQueryStat
{
    public required string Query { get; set; }
    public long Count { get; set; }
    public int LastResultCount { get; set; }
    public DateTime LastSearchedAt { get; set; }
}
