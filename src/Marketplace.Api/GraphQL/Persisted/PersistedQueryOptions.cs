using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.GraphQL.Persisted;

public enum PersistedQueryMode
{
    /// <summary>Any query text, and automatic persisted queries (Apollo's protocol) within the quota.</summary>
    Automatic,

    /// <summary>Only hashes imported beforehand (`persisted-queries import FILE`); query text is refused.</summary>
    AllowList,
}

public sealed class PersistedQueryOptions
{
    public const string Section = "GraphQL:PersistedQueries";

    public PersistedQueryMode Mode { get; set; } = PersistedQueryMode.Automatic;

    /// <summary>Whether callers without a token may register queries; false keeps registration to signed-in clients.</summary>
    public bool AllowAnonymousRegistration { get; set; } = true;

    /// <summary>Registered (not imported) queries kept; the least recently used go first.</summary>
    [Range(1, 10_000_000)] public int MaxEntries { get; set; } = 10_000;

    /// <summary>Characters of registered query text kept, across all entries.</summary>
    [Range(1_024, long.MaxValue)] public long MaxTotalSize { get; set; } = 50L * 1024 * 1024;
}
