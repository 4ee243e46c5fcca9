using GraphQL;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;

namespace Marketplace.Api.Recommendations;

public static class RecommendationFields
{
    public const int MaxFirst = 50;
    public const int DefaultFirst = 10;

    public static void AddRecommendationFields(this ObjectGraphType query) =>
        query.Field<NonNullGraphType<RecommendationResultType>, RecommendationResult>("recommendations")
            .Description("Products for a placement, for the caller (token or X-Visitor-Id), each with the strategy that found it and why.")
            .Argument<NonNullGraphType<RecommendationPlacementType>>("placement")
            .Argument<IdGraphType>("productId", "The product the placement sits beside; required for PRODUCT_DETAIL.")
            .Argument<IntGraphType>("first", arg => { arg.DefaultValue = DefaultFirst; arg.Description = $"At most {MaxFirst}."; })
            .ListCost(MaxFirst)
            .Resolve().WithService<RecommendationService>()
            .ResolveAsync(async (ctx, recommendations) =>
            {
                var placement = ctx.GetArgument<RecommendationPlacement>("placement");
                var first = ctx.GetArgument("first", DefaultFirst);
                if (first < 0 || first > MaxFirst) throw ApiErrors.BadUserInput($"first is {first}; recommendations take 0 to {MaxFirst}.");
                var rawId = ctx.GetArgument<string?>("productId");
                long? productId = null;
                if (rawId is not null)
                {
                    productId = GlobalId.Parse(rawId, ProductType.TypeName) ?? (long.TryParse(rawId, out var plain) && plain > 0 ? plain : null);
                    if (productId is null || !await recommendations.ProductExistsAsync(productId.Value, ctx.CancellationToken))
                        throw ApiErrors.BadUserInput($"No product has the id '{rawId}'.");
                }
                else if (placement == RecommendationPlacement.ProductDetail)
                    throw ApiErrors.BadUserInput("PRODUCT_DETAIL needs the productId of the product shown.");
                return await recommendations.RecommendAsync(placement, productId, first, ctx.CancellationToken);
            });
}
