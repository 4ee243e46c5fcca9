using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.GraphQL.Transport;
using Marketplace.Api.Infrastructure;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Listings;
using Marketplace.Api.Ordering;
using Marketplace.Api.Personalization;
using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Activation;
using Marketplace.Api.Profiles.Tracking;
using Marketplace.Api.Search;
using Marketplace.Api.Sellers;

namespace Marketplace.Api;

/// <summary>The composition root, shared by the web host and the command line.</summary>
public static class MarketplaceHost
{
    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls(ServerStartup.ListenUrls(builder.Configuration));
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services
            .AddMarketplaceData(builder.Configuration)
            .AddOutbox()
            .AddMarketplaceAuth()
            .AddMarketplaceDataProtection()
            .AddMarketplaceGraphQL()
            .AddMarketplaceSubscriptions()
            .AddMarketplaceHealthChecks()
            .AddCatalog()
            .AddSellers()
            .AddListings()
            .AddWebhooks()
            .AddOrdering()
            .AddProfiles()
            .AddActivation()
            .AddPersonalization()
            .AddSearch(builder.Configuration);
        return builder;
    }

    public static WebApplication MapMarketplace(this WebApplication app)
    {
        app.UseExceptionHandler(failed => failed.Run(GraphQLHttpEndpoint.WriteInternalErrorAsync));
        app.UseAuthentication();
        app.UseWebSockets();
        app.MapGraphQLEndpoint();
        app.MapEventsEndpoint();
        app.MapMarketplaceHealthChecks();
        app.MapActivation();
        app.MapGet("/", () => Results.Redirect(GraphQLHttpEndpoint.Path));
        app.LogUrlsOnStart();
        return app;
    }
}
