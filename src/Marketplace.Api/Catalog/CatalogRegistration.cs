using Marketplace.Api.GraphQL.Relay;

namespace Marketplace.Api.Catalog;

public static class CatalogRegistration
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddOptions<CatalogOptions>()
            .BindConfiguration(CatalogOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<CatalogService>();
        services.AddScoped<ProductByIdLoader>();
        services.AddScoped<CategoryByIdLoader>();
        services.AddScoped<CategoriesByParentLoader>();
        services.AddScoped<OffersByProductLoader>();
        services.AddScoped<BestOfferByProductLoader>();
        services.AddScoped<OfferByIdLoader>();
        services.AddScoped<AttributesByProductLoader>();
        services.AddScoped<ImagesByProductLoader>();
        services.AddScoped<VariantsByProductLoader>();
        services.AddScoped<VariantByIdLoader>();
        services.AddScoped<OptionsByProductLoader>();
        services.AddScoped<OffersByVariantLoader>();
        services.AddScoped<BestOfferByVariantLoader>();
        services.AddSingleton<INodeResolver, ProductNodeResolver>();
        services.AddSingleton<INodeResolver, CategoryNodeResolver>();
        services.AddSingleton<INodeResolver, OfferNodeResolver>();
        services.AddSingleton<INodeResolver, VariantNodeResolver>();
        return services;
    }
}
