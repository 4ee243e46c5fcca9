using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Webhooks;

namespace Marketplace.Api.Profiles.Activation;

public static class ActivationRegistration
{
    public static IServiceCollection AddActivation(this IServiceCollection services)
    {
        services.AddScoped<SegmentDestinationService>();
        services.AddScoped<SegmentDestinationByIdLoader>();
        services.AddSingleton<INodeResolver, SegmentDestinationNodeResolver>();
        services.AddSingleton<IWebhookEndpoints, SegmentDestinationEndpoints>();
        services.AddOutboxHandler<SegmentActivationHandler>();
        return services;
    }

    public static WebApplication MapActivation(this WebApplication app)
    {
        app.MapSegmentExport();
        return app;
    }
}
