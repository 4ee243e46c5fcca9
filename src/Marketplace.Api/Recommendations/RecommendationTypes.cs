using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.Personalization;

namespace Marketplace.Api.Recommendations;

public sealed class RecommendationPlacementType : EnumerationGraphType<RecommendationPlacement>
{
    public RecommendationPlacementType()
    {
        Name = "RecommendationPlacement";
        Description = "Where the list is shown; each placement blends its own strategies.";
    }
}

public sealed class RecommendationStrategyType : EnumerationGraphType<RecommendationStrategy>
{
    public RecommendationStrategyType()
    {
        Name = "RecommendationStrategy";
        Description = "Which signal put a product in the list.";
    }
}

public sealed class RecommendationResultType : ObjectGraphType<RecommendationResult>
{
    public RecommendationResultType()
    {
        Name = "RecommendationResult";
        Field<NonNullGraphType<StringGraphType>>("requestId").Description("This response's id; send it with the events its products lead to.")
            .Resolve(ctx => ctx.Source.RequestId);
        Field<NonNullGraphType<RecommendationPlacementType>>("placement").Resolve(ctx => ctx.Source.Placement);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RecommendedProductType>>>>("items").Description("Best first.")
            .Resolve(ctx => ctx.Source.Items);
    }
}

public sealed class RecommendedProductType : ObjectGraphType<Recommendation>
{
    public RecommendedProductType()
    {
        Name = "RecommendedProduct";
        Field<NonNullGraphType<ProductType>, IDataLoaderResult<Product?>>("product")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.ProductId));
        Field<NonNullGraphType<RecommendationStrategyType>>("strategy").Resolve(ctx => ctx.Source.Strategy);
        Field<NonNullGraphType<FloatGraphType>>("score").Description("The blended score; comparable within one response only.").Resolve(ctx => ctx.Source.Score);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PersonalizationReasonType>>>>("reasons").Resolve(ctx => ctx.Source.Reasons);
    }
}
