using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>The API's own composition over a throwaway folder, on the evaluation's clock.</summary>
public static class EvaluationHost
{
    public static WebApplication Build(string dataDirectory, EvaluationClock clock, Action<IServiceCollection>? configureServices = null)
    {
        // Always the embedded database and index, whatever this machine's configuration names.
        var builder = MarketplaceHost.CreateBuilder(["--DataDirectory", dataDirectory, "--Database:Provider=Sqlite", "--Database:SeedDemoData=false",
            "--Search:Engine=Embedded", "--Outbox:Enabled=false",
            // Only what goes wrong: not the replayed checkouts' information lines, nor the migrations' notes on an empty database.
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations=Error"]);
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        configureServices?.Invoke(builder.Services);
        return builder.Build();
    }
}
