using System.Text.Encodings.Web;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Persisted;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.GraphQL.Transport;

namespace Marketplace.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IServiceCollection AddMarketplaceGraphQL(this IServiceCollection services)
    {
        services.AddOptions<GraphQLLimitsOptions>()
            .BindConfiguration(GraphQLLimitsOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<PersistedQueryOptions>()
            .BindConfiguration(PersistedQueryOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMemoryCache();
        services.AddScoped<PersistedQueryStore>();
        services.AddScoped<PersistedQueryImporter>();
        services.AddSingleton<GraphQLRequestExecutor>();
        services.AddGraphQL(graphQL => graphQL
            .AddSchema<MarketplaceSchema>()
            // Responses are JSON, never inlined into HTML, so only what JSON requires is escaped
            // (Women's, not Women\u0027s). The IDE page HTML-encodes what it embeds itself.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(MarketplaceSchema).Assembly)
            // One DbContext per request, so fields resolve one at a time; loaders batch them.
            .AddExecutionStrategy(SerialExecutionStrategy.Instance, OperationType.Query)
            .AddExecutionStrategy(new ScopedSubscriptionExecutionStrategy(), OperationType.Subscription)
            .AddErrorInfoProvider(sp => new MarketplaceErrorInfoProvider(sp.GetRequiredService<IHostEnvironment>().IsDevelopment()))
            .AddValidationRule<MaxAliasesRule>()
            .AddValidationRule<IntrospectionDepthRule>()
            .AddValidationRule<QueryCostRule>()
            .AddUnhandledExceptionHandler(context =>
            {
                var logger = context.ExecutionOptions.RequestServices?.GetService<ILoggerFactory>()?.CreateLogger("Marketplace.Api.GraphQL");
                logger?.LogError(context.OriginalException, "Unhandled error resolving {Field}", context.FieldContext?.FieldDefinition.Name);
            }));
        return services;
    }

    internal const int IntrospectionMaxDepth = QueryCostRule.IntrospectionMaxDepth;
}
