using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Data.Outbox;

public static class OutboxRegistration
{
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<OutboxSignal>());
        services.AddScoped<OutboxLeases>();
        return services;
    }

    /// <summary>Registers a topic's handler and runs a worker draining it (unless Outbox:Enabled is off).</summary>
    public static IServiceCollection AddOutboxHandler<THandler>(this IServiceCollection services) where THandler : class, IOutboxHandler
    {
        services.AddSingleton<THandler>();
        services.AddSingleton<IOutboxHandler>(sp => sp.GetRequiredService<THandler>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<IOptions<OutboxOptions>>().Value.Enabled
            ? ActivatorUtilities.CreateInstance<OutboxWorker>(sp, sp.GetRequiredService<THandler>())
            : new DisabledWorker());
        return services;
    }

    private sealed class DisabledWorker : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
