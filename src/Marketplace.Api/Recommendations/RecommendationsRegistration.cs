using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Personalization.Merchandising;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Api.Recommendations;

public static class RecommendationsRegistration
{
    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        services.AddOptions<RecommendationsOptions>().BindConfiguration(RecommendationsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RecommendationCatalogCache>();
        services.AddScoped<RecommendationStrategies>();
        services.AddScoped<IRecommender, RecommendationEngine>();
        services.AddScoped<RecommendationService>();
        services.AddOutboxHandler<ProductSignalsHandler>();
        return services;
    }
}
