using Marketplace.Api.Recommendations;

namespace Marketplace.Api.Personalization;

public static class PersonalizationRegistration
{
    public static IServiceCollection AddPersonalization(this IServiceCollection services)
    {
        services.AddScoped<CallerFeaturesProvider>();
        services.AddRecommendations();
        return services;
    }
}
