using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Transport.WebSockets;

namespace Marketplace.Api.GraphQL.Subscriptions;

public static class SubscriptionRegistration
{
    public static IServiceCollection AddMarketplaceSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<GraphQLWebSocketOptions>().BindConfiguration(GraphQLWebSocketOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SubscriptionHub>();
        services.AddSingleton<ISubscriptionHub>(sp => sp.GetRequiredService<SubscriptionHub>());
        services.AddSingleton<SubscriptionEventTail>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionEventTail>());
        services.AddOutboxHandler<SubscriptionEventLogWriter>();
        return services;
    }
}
