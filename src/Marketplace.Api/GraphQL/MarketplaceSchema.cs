using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Loading;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Listings;
using Marketplace.Api.Ordering;
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Personalization.Attribution;
using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Activation;
using Marketplace.Api.Profiles.Personas;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Recommendations;
using Marketplace.Api.Search;
using Marketplace.Api.Sellers;

namespace Marketplace.Api.GraphQL;

public sealed class MarketplaceSchema : Schema
{
    public MarketplaceSchema(IServiceProvider services, QueryType query, MutationType mutation, SubscriptionType subscription) : base(services)
    {
        Query = query;
        Mutation = mutation;
        Subscription = subscription;
        Description = "Marketplace.Api: a headless multi-seller commerce API.";
    }
}

public sealed class QueryType : ObjectGraphType
{
    public QueryType()
    {
        Name = "Query";
        this.AddNodeFields();
        this.AddCatalogFields();
        this.AddSearchFields();
        this.AddSellerQueries();
        this.AddWebhookQueries();
        this.AddOrderingQueries();
        this.AddProfileQueries();
        this.AddSegmentQueries();
        this.AddPersonaQueries();
        this.AddMerchandisingQueries();
        this.AddActivationQueries();
        this.AddPersonalizationStatsQueries();
        this.AddRecommendationFields();
    }
}

public sealed class MutationType : ObjectGraphType
{
    public MutationType()
    {
        Name = "Mutation";
        this.AddListingMutations();
        this.AddSellerMutations();
        this.AddWebhookMutations();
        this.AddOrderingMutations();
        this.AddProfileMutations();
        this.AddSegmentMutations();
        this.AddPersonaMutations();
        this.AddMerchandisingMutations();
        this.AddActivationMutations();
    }
}

public static class NodeFields
{
    public const int MaxNodes = 100;

    public static void AddNodeFields(this ObjectGraphType query)
    {
        query.Field<NodeInterface, IDataLoaderResult<object?>>("node")
            .Description("Any object by its global id; null when it does not exist or you may not see it.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Resolve(ctx => Load(ctx, ctx.GetArgument<string>("id")));

        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>, IDataLoaderResult<IReadOnlyList<object?>>>("nodes")
            .Description($"Objects by global id, in the order asked, null where missing; at most {MaxNodes}.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", arg => arg.MaxItems(MaxNodes))
            .ListCost(MaxNodes)
            .Resolve(ctx =>
            {
                var ids = ctx.GetArgument<List<string>>("ids");
                return new AllResults<object?>([.. ids.Select(id => Load(ctx, id))]);
            });
    }

    private static IDataLoaderResult<object?> Load(IResolveFieldContext ctx, string globalId)
    {
        var services = ctx.RequestServices!;
        if (!GlobalId.TryDecode(globalId, out var type, out var id))
            return new ResolvedResult<object?>(null);
        var resolver = services.GetServices<INodeResolver>().FirstOrDefault(r => r.TypeName == type);
        return resolver is null ? new ResolvedResult<object?>(null) : resolver.Load(services, id);
    }
}
