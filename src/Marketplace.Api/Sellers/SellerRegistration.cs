using Marketplace.Api.GraphQL.Relay;

namespace Marketplace.Api.Sellers;

public static class SellerRegistration
{
    public static IServiceCollection AddSellers(this IServiceCollection services)
    {
        services.AddScoped<SellerService>();
        services.AddScoped<SellerByIdLoader>();
        services.AddScoped<ShippingRatesBySellerLoader>();
        services.AddSingleton<INodeResolver, SellerNodeResolver>();
        return services;
    }
}
