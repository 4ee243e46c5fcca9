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
        endpoints.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(Ready), ResponseWriter = WriteReportAsync });
        return endpoints;
    }

    /// <summary>The overall status and each check's, so an operator sees which part is degraded (search) and why.</summary>
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data.Count == 0 ? null : e.Value.Data,
            }),
        });
    }
}
