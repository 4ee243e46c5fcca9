using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Listings;
using Marketplace.Api.Sellers;

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
        services.AddScoped<OfferByIdLoader>();
        services.AddScoped<AttributesByProductLoader>();
        services.AddScoped<ImagesByProductLoader>();
        services.AddSingleton<INodeResolver, ProductNodeResolver>();
        services.AddSingleton<INodeResolver, CategoryNodeResolver>();
        services.AddSingleton<INodeResolver, OfferNodeResolver>();
        return services;
    }

    public static IServiceCollection AddSellers(this IServiceCollection services)
    {
        services.AddScoped<SellerService>();
        services.AddScoped<SellerByIdLoader>();
        services.AddScoped<ShippingRatesBySellerLoader>();
        services.AddSingleton<INodeResolver, SellerNodeResolver>();
        return services;
    }

    public static IServiceCollection AddListings(this IServiceCollection services)
    {
        services.AddScoped<ListingService>();
        return services;
    }
}
