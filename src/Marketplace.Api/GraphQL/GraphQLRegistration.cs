using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Persisted;
using Marketplace.Api.GraphQL.Transport;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IServiceCollection AddMarketplaceGraphQL(this IServiceCollection services)
    {
        services.AddOptions<GraphQLLimitsOptions>()
            .BindConfiguration(GraphQLLimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddScoped<PersistedQueryStore>();
        services.AddSingleton<GraphQLRequestExecutor>();
        services.AddGraphQL(graphQL => graphQL
            .AddSchema<MarketplaceSchema>()
            // Responses are JSON, never inlined into HTML, so only what JSON requires is escaped
            // (Women's, not Women\u0027s). The IDE page HTML-encodes what it embeds itself.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(MarketplaceSchema).Assembly)
            // One DbContext per request, so fields resolve one at a time; loaders batch them.
            .AddExecutionStrategy(SerialExecutionStrategy.Instance, OperationType.Query)
            .AddErrorInfoProvider(sp => new MarketplaceErrorInfoProvider(sp.GetRequiredService<IHostEnvironment>().IsDevelopment()))
            .AddValidationRule<MaxAliasesRule>()
            .AddValidationRule<IntrospectionDepthRule>()
            .AddComplexityAnalyzer((complexity, sp) =>
            {
                var limits = sp.GetRequiredService<IOptions<GraphQLLimitsOptions>>().Value;
                complexity.DefaultListImpactMultiplier = limits.DefaultPageSize;
                complexity.ValidateComplexityDelegate = context => CheckCostAsync(context, limits);
            })
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.ExecutionOptions.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Marketplace.Api.GraphQL");
                logger?.LogError(context.OriginalException, "Unhandled error resolving {Field}", context.FieldContext?.FieldDefinition.Name);
            }));
        return services;
    }

    /// <summary>
    /// How deep an operation asking only for introspection may go: the IDE's (GraphiQL's) introspection
    /// query is 15 levels deep, as its TypeRef fragment nests ofType nine times.
    /// </summary>
    internal const int IntrospectionMaxDepth = 15;

    private static bool IsIntrospectionOnly(GraphQLOperationDefinition operation) =>
        operation.SelectionSet.Selections.All(s => s is GraphQLField field && field.Name.StringValue.StartsWith("__", StringComparison.Ordinal));

    private static Task CheckCostAsync(global::GraphQL.Validation.Complexity.ComplexityValidationContext context, GraphQLLimitsOptions limits)
    {
        if (context.ValidationContext.UserContext.TryGetValue(QueryCost.UserContextKey, out var value) && value is QueryCost cost)
        {
            cost.RequestedQueryCost = context.TotalImpact;
            cost.Depth = context.MaxDepth;
        }
        var maxDepth = IsIntrospectionOnly(context.ValidationContext.Operation) ? Math.Max(limits.MaxDepth, IntrospectionMaxDepth) : limits.MaxDepth;
        if (context.MaxDepth > maxDepth)
            context.Error = new LimitExceededError(ErrorCodes.MaxDepthExceeded,
                $"The query is {context.MaxDepth} levels deep; the most allowed is {maxDepth}.");
        else if (context.TotalImpact > limits.MaxCost)
            context.Error = new LimitExceededError(ErrorCodes.MaxCostExceeded,
                $"The query costs {context.TotalImpact:0}; the most allowed is {limits.MaxCost}. Ask for smaller pages (first/last) or fewer nested lists.");
        return Task.CompletedTask;
    }
}
