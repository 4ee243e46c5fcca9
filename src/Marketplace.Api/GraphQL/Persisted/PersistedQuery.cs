namespace Marketplace.Api.GraphQL.Persisted;

/// <summary>An automatic persisted query: the text behind a sha256 hash, shared by every API instance.</summary>
public sealed class PersistedQuery
{
    public required string Hash { get; set; }
    public required string Query { get; set; }
    public DateTime CreatedAt { get; set; }
}
