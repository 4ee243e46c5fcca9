using Elastic.Clients.Elasticsearch;
using Elastic.Transport;

namespace Marketplace.Api.Search.Elasticsearch;

public static class ElasticsearchClientFactory
{
    /// <summary>Long enough for a bulk of a few thousand documents with refresh=wait_for; short enough that a stuck cluster fails the outbox batch rather than hanging it.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    public static ElasticsearchClient CreateClient(this ElasticsearchOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Url))
            throw new InvalidOperationException("Search:Elasticsearch:Url is required when Search:Engine is Elasticsearch.");

        var settings = new ElasticsearchClientSettings(new Uri(options.Url))
            .RequestTimeout(RequestTimeout)
            .PingTimeout(TimeSpan.FromSeconds(5))
            .MaximumRetries(2);

        if (!string.IsNullOrEmpty(options.ApiKey))
            settings = settings.Authentication(new ApiKey(options.ApiKey));
        else if (!string.IsNullOrEmpty(options.Username))
            settings = settings.Authentication(new BasicAuthentication(options.Username, options.Password ?? ""));

        if (!string.IsNullOrEmpty(options.CertificateFingerprint))
            settings = settings.CertificateFingerprint(options.CertificateFingerprint);

        return new ElasticsearchClient(settings);
    }
}
