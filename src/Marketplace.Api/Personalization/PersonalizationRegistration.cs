using Marketplace.Api.Personalization.Merchandising;

namespace Marketplace.Api.Personalization;

public static class PersonalizationRegistration
{
    public static IServiceCollection AddPersonalization(this IServiceCollection services)
    {
        services.AddScoped<CallerFeaturesProvider>();
        services.AddSingleton<CallerFeaturesCache>();
        services.AddSingleton<QueryIntentVocabularyCache>();
        services.AddScoped<SearchPersonalizer>();
        services.AddSingleton<MerchandisingRuleCache>();
        services.AddScoped<IActiveMerchandising, ActiveMerchandising>();
        services.AddScoped<MerchandisingService>();
        services.AddScoped<PreferredVariantLoader>();
        return services;
    }
}
