using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Catalog;

public static class CatalogFields
{
    public static void AddCatalogFields(this ObjectGraphType query)
    {
        query.Field<ProductType, Product>("product")
            .Description("A product by id or slug.")
            .Argument<IdGraphType>("id")
            .Argument<StringGraphType>("slug", arg => arg.MaxLength(Limits.Slug))
            .Resolve().WithService<CatalogService>()
            .ResolveAsync(async (ctx, catalog) =>
            {
                var (id, slug) = (ctx.GetArgument<string?>("id"), ctx.GetArgument<string?>("slug"));
                if ((id is null) == (slug is null)) throw ApiErrors.BadUserInput("Pass exactly one of id or slug.");
                if (slug is not null) return await catalog.FindProductBySlugAsync(slug, ctx.CancellationToken);
                var productId = GlobalId.Parse(id, ProductType.TypeName) ?? throw ApiErrors.BadUserInput("id is not a Product id.");
                return await catalog.FindProductAsync(productId, ctx.CancellationToken);
            });

        query.Field<ConnectionType<ProductType, Product>, Page<Product>>("products")
            .Description("Products buyers can buy now, filtered and sorted; newest first by default. Null, with an error, when the arguments are wrong.")
            .PageArguments()
            .Argument<ProductWhereInputType>("where")
            .Argument<ProductOrderInputType>("order")
            .Resolve().WithServices<CatalogService, IOptions<GraphQLLimitsOptions>>()
            .ResolveAsync((ctx, catalog, limits) => catalog.ProductsAsync(
                ctx.GetArgument<ProductWhere?>("where"), ctx.GetArgument<ProductOrder?>("order"), ctx.PageRequest(limits), ctx.CancellationToken)!);

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryType>>>, List<Category>>("categories")
            .Description("The top-level categories; walk `children` for the tree.")
            .ListCost(10)
            .Resolve().WithService<CatalogService>()
            .ResolveAsync((ctx, catalog) => catalog.RootCategoriesAsync(ctx.CancellationToken)!);

        query.Field<CategoryType, Category>("category")
            .Argument<NonNullGraphType<StringGraphType>>("slug", arg => arg.MaxLength(Limits.Slug))
            .Resolve().WithService<CatalogService>()
            .ResolveAsync((ctx, catalog) => catalog.FindCategoryBySlugAsync(ctx.GetArgument<string>("slug"), ctx.CancellationToken));
    }
}

public sealed class ProductNodeResolver : INodeResolver
{
    public string TypeName => ProductType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id) =>
        services.GetRequiredService<ProductByIdLoader>().Load(id, p => (object?)p);
}

public sealed class CategoryNodeResolver : INodeResolver
{
    public string TypeName => CategoryType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id) =>
        id > int.MaxValue ? new GraphQL.Loading.ResolvedResult<object?>(null) : services.GetRequiredService<CategoryByIdLoader>().Load((int)id, c => (object?)c);
}

/// <summary>Buyers reach only visible offers by id; the seller and admins reach all of the seller's.</summary>
public sealed class OfferNodeResolver : INodeResolver
{
    public string TypeName => OfferType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id)
    {
        var viewer = services.GetRequiredService<Viewer>();
        return services.GetRequiredService<OfferByIdLoader>().Load(id, offer =>
            offer is not null && (offer.Visible || viewer.ActsFor(offer.Offer.SellerId)) ? (object?)offer.Offer : null);
    }
}
