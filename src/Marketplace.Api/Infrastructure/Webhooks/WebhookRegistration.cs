using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure.Webhooks;

public static class WebhookRegistration
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookUrlPolicy>();
        services.AddSingleton<WebhookEndpointDirectory>();
        services.AddSingleton<IWebhookEndpoints, SellerWebhookEndpoints>();
        services.AddScoped<WebhookService>();
        services.AddScoped<WebhookDeliveryByIdLoader>();
        services.AddSingleton<INodeResolver, WebhookDeliveryNodeResolver>();
        // No retry policy here: retries belong to the outbox, where they survive restarts and hold a lease.
        services.AddHttpClient(WebhookSender.HttpClientName, (sp, client) =>
            {
                client.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<WebhookOptions>>().Value.TimeoutSeconds);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Marketplace.Api-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, the internal network included: a 3xx is a failed attempt.
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = sp.GetRequiredService<WebhookUrlPolicy>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });
        services.AddOutboxHandler<WebhookEventHandler>();
        services.AddOutboxHandler<WebhookSender>();
        return services;
    }
}
