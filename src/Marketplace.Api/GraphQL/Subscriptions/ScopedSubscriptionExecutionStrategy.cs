using GraphQL;
using GraphQL.Execution;

namespace Marketplace.Api.GraphQL.Subscriptions;

/// <summary>
/// Resolves each event in a service scope of its own: events of one stream are processed concurrently, and a
/// DbContext is not thread-safe. Fields below an event resolve one at a time, as queries do.
/// </summary>
public sealed class ScopedSubscriptionExecutionStrategy() : SubscriptionExecutionStrategy(SerialExecutionStrategy.Instance)
{
    protected override async ValueTask<ExecutionResult> ProcessDataAsync(global::GraphQL.Execution.ExecutionContext context, ExecutionNode node, object? value)
    {
        if (context.RequestServices is null) return await base.ProcessDataAsync(context, node, value);
        await using var scope = context.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        return await base.ProcessDataAsync(context, node, value);
    }
}
