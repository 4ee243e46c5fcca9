using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Search;

public enum SearchEngineKind { Embedded, Elasticsearch }

public sealed class SearchOptions
{
    public const string Section = "Search";

    public SearchEngineKind Engine { get; set; } = SearchEngineKind.Embedded;

    /// <summary>The embedded index's folder; relative paths are under the data directory.</summary>
    [Required]
    public string IndexDirectory { get; set; } = "search";

    /// <summary>Query-time synonyms in Solr's format; relative paths are under the application's folder.</summary>
    [Required]
    public string SynonymsFile { get; set; } = "seed/synonyms.txt";

    /// <summary>Price facet boundaries in the marketplace currency's major units.</summary>
    [MinLength(1)]
    public decimal[] PriceFacetBounds { get; set; } = [25, 50, 100, 200, 500];

    public ElasticsearchOptions Elasticsearch { get; set; } = new();
}

public sealed class ElasticsearchOptions
{
    public string? Url { get; set; }

    /// <summary>Index names start with this, so several marketplaces can share a cluster: {prefix}-products is the alias searched.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9_-]*$")]
    public string IndexPrefix { get; set; } = "marketplace";

    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>Trust a self-signed certificate with this SHA-256 fingerprint (a dev cluster's).</summary>
    public string? CertificateFingerprint { get; set; }
}
