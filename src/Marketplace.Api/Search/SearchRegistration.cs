using Marketplace.Api.Catalog;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.Search.Elasticsearch;
using Marketplace.Api.Search.Lucene;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Search;

public static class SearchRegistration
{
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>()
            .BindConfiguration(SearchOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Engine != SearchEngineKind.Elasticsearch || Uri.TryCreate(o.Elasticsearch.Url, UriKind.Absolute, out _),
                "Search:Engine is Elasticsearch, so Search:Elasticsearch:Url must be the cluster's URL.")
            .ValidateOnStart();
        services.AddSingleton(sp => new PriceRanges(
            sp.GetRequiredService<IOptions<SearchOptions>>().Value.PriceFacetBounds, sp.GetRequiredService<IOptions<CatalogOptions>>().Value.Currency));
        services.AddSingleton(sp => SearchSynonyms.Load(sp.GetRequiredService<IOptions<SearchOptions>>().Value.SynonymsFile));

        var engine = configuration.GetSection(SearchOptions.Section).GetValue(nameof(SearchOptions.Engine), SearchEngineKind.Embedded);
        if (engine == SearchEngineKind.Elasticsearch)
        {
            services.AddSingleton(sp => sp.GetRequiredService<IOptions<SearchOptions>>().Value.Elasticsearch.CreateClient());
            services.AddSingleton<ISearchEngine, ElasticsearchSearchEngine>();
        }
        else
        {
            services.AddSingleton<LuceneSearchEngine>();
            services.AddSingleton<ISearchEngine>(sp => sp.GetRequiredService<LuceneSearchEngine>());
        }

        services.AddScoped<ProductDocuments>();
        services.AddScoped<SearchIndexRebuilder>();
        services.AddScoped<SearchService>();
        services.AddSingleton<SearchQueryLog>();
        services.AddOutboxHandler<SearchIndexer>();
        services.AddHostedService<SearchMaintenance>();
        services.AddHealthChecks().AddCheck<SearchHealthCheck>("search", tags: [HealthChecks.Ready]);
        return services;
    }
}
