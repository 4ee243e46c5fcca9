namespace Marketplace.Api.GraphQL.Persisted;

/// <summary>A persisted query: the text behind a sha256 hash, shared by every API instance.</summary>
public sealed class PersistedQuery
{
    public required string Hash { get; set; }
    public required string Query { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When a request last ran it, to the minute; the quota evicts the oldest first.</summary>
    public DateTime LastUsedAt { get; set; }

    /// <summary>Imported by an operator (the allow-list): never evicted.</summary>
    public bool Pinned { get; set; }
}
