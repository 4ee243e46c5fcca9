using Marketplace.Api.GraphQL.Relay;

namespace Marketplace.Api.Ordering;

public static class OrderingRegistration
{
    public static IServiceCollection AddOrdering(this IServiceCollection services)
    {
        services.AddScoped<CartOwner>();
        services.AddScoped<CartService>();
        services.AddScoped<OrderService>();
        services.AddScoped<FulfilmentService>();
        services.AddSingleton<IPaymentProvider, InvoicePaymentProvider>();
        services.AddSingleton<IPaymentProvider, TestCardPaymentProvider>();
        services.AddSingleton<PaymentProviders>();
        services.AddScoped<PartsByOrderLoader>();
        services.AddScoped<LinesBySupplierOrderLoader>();
        services.AddScoped<OrderByIdLoader>();
        services.AddScoped<SupplierOrderByIdLoader>();
        services.AddSingleton<INodeResolver, OrderNodeResolver>();
        services.AddSingleton<INodeResolver, SupplierOrderNodeResolver>();
        return services;
    }
}
