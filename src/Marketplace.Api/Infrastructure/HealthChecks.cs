using Marketplace.Api.Data;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Marketplace.Api.Infrastructure;

public static class HealthChecks
{
    public const string Ready = "ready";

    public static IServiceCollection AddMarketplaceHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<MarketplaceDb>("database", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapMarketplaceHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready) });
        return endpoints;
    }
}
