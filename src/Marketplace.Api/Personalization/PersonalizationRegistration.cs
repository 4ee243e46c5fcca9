using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Personalization.Attribution;
using Marketplace.Api.Recommendations;

namespace Marketplace.Api.Personalization;

public static class PersonalizationRegistration
{
    public static IServiceCollection AddPersonalization(this IServiceCollection services)
    {
        services.AddOptions<HoldoutOptions>().BindConfiguration(HoldoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<CallerFeaturesProvider>();
        services.AddSingleton<CallerFeaturesCache>();
        services.AddSingleton<QueryIntentVocabularyCache>();
        services.AddScoped<SearchPersonalizer>();
        services.AddSingleton<MerchandisingRuleCache>();
        services.AddScoped<IActiveMerchandising, ActiveMerchandising>();
        services.AddScoped<MerchandisingService>();
        services.AddScoped<PreferredVariantLoader>();
        services.AddSingleton<PersonalizationHoldout>();
        services.AddScoped<PersonalizationAudience>();
        services.AddSingleton<PersonalizationAttribution>();
        services.AddHostedService<PersonalizationStatsFlusher>();
        services.AddScoped<PersonalizationStatsService>();
        services.AddRecommendations();
        return services;
    }
}
