namespace Marketplace.Api.Listings;

public static class ListingRegistration
{
    public static IServiceCollection AddListings(this IServiceCollection services)
    {
        services.AddScoped<ListingService>();
        return services;
    }
}
