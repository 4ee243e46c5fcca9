using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Relay;

namespace Marketplace.Api.Catalog;

public sealed class ProductVariantType : ObjectGraphType<ProductVariant>
{
    public const string TypeName = "ProductVariant";

    public ProductVariantType()
    {
        Name = TypeName;
        Description = "One buyable member of a product family, such as \"M / Navy\". Sellers' offers are of a variant.";
        this.ImplementNode(TypeName, v => v.Id);
        Field(v => v.Title).Description("The selected option values joined, e.g. \"M / Navy\"; \"Default\" for a product without options.");
        Field(v => v.Gtin, nullable: true).Description("The variant's GTIN/EAN/UPC; sellers listing it meet on this variant.");
        Field(v => v.Position).Description("Where the variant stands in its product's list.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SelectedOptionType>>>>("selectedOptions")
            .Description("The variant's value for each of its product's options; empty for a product without options.")
            .ListCost(3)
            .Resolve(ctx => ctx.Source.SelectedOptions);
        Field<MoneyType, Money?>("price")
            .Description("What buyers pay for this variant now: its cheapest visible offer in stock, else its cheapest visible offer; null when nobody offers it.")
            .Resolve().WithService<CatalogService>()
            .Resolve((ctx, catalog) => ctx.Source.MinPriceMinor is { } minor ? new Money(minor, catalog.Currency) : null);
        Field(v => v.InStock).Description("Whether any visible offer of this variant has stock.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OfferType>>>, IDataLoaderResult<IReadOnlyList<Offer>>>("offers")
            .Description($"Active offers of active sellers for this variant, cheapest first; the first {ProductType.DefaultOffers} unless you ask for up to {ProductType.MaxOffers}.")
            .Argument<IntGraphType>("first", arg => arg.DefaultValue = ProductType.DefaultOffers)
            .Resolve().WithService<OffersByVariantLoader>()
            .Resolve((ctx, loader) => loader.Load((ctx.Source.Id, ProductType.OffersToTake(ctx))));
        Field<OfferType, IDataLoaderResult<Offer?>>("bestOffer")
            .Description("The offer a buy button takes: the cheapest in stock, else the cheapest; null when nobody offers this variant.")
            .Resolve().WithService<BestOfferByVariantLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
        Field<ProductImageType, IDataLoaderResult<ProductImage?>>("image")
            .Description("The variant's picture: its product's first image (variants have no images of their own yet).")
            .Resolve().WithService<ImagesByProductLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.ProductId, images => images.FirstOrDefault()));
        Field(v => v.OfferCount).Description("How many sellers offer this variant now.");
        Field<NonNullGraphType<ProductType>, IDataLoaderResult<Product?>>("product")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.ProductId));
    }
}

public sealed class SelectedOptionType : ObjectGraphType<VariantOptionValue>
{
    public SelectedOptionType()
    {
        Name = "SelectedOption";
        Description = "A variant's value for one option, e.g. Size: M.";
        Field(o => o.Name);
        Field(o => o.Value);
    }
}

public sealed class ProductOptionType : ObjectGraphType<ProductOption>
{
    public ProductOptionType()
    {
        Name = "ProductOption";
        Description = "An option buyers pick, such as Size, with its values in the order a picker shows them.";
        Field(o => o.Name);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("values")
            .ListCost(10)
            .Resolve(ctx => ctx.Source.Values.Select(v => v.Value));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>, IDataLoaderResult<IEnumerable<string>>>("availableValues")
            .Description("The values some variant in stock has, in picker order: grey out the others.")
            .ListCost(10)
            .Resolve().WithService<VariantsByProductLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.ProductId, variants =>
            {
                var inStock = variants.Where(v => v.InStock).SelectMany(v => v.SelectedOptions)
                    .Where(o => o.Name == ctx.Source.Name).Select(o => o.Value).ToHashSet();
                return ctx.Source.Values.Select(v => v.Value).Where(inStock.Contains);
            }));
    }
}

public sealed class VariantNodeResolver : INodeResolver
{
    public string TypeName => ProductVariantType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id) =>
        services.GetRequiredService<VariantByIdLoader>().Load(id, v => (object?)v);
}

public sealed record PriceRangeResult(Money Min, Money Max)
{
    public static PriceRangeResult? Of(IReadOnlyList<ProductVariant> variants, string currency)
    {
        var priced = variants.Where(v => v.MinPriceMinor is not null).ToList();
        var counted = priced.Any(v => v.InStock) ? priced.Where(v => v.InStock).ToList() : priced;
        return counted.Count == 0 ? null
            : new(new Money(counted.Min(v => v.MinPriceMinor!.Value), currency), new Money(counted.Max(v => v.MinPriceMinor!.Value), currency));
    }
}

public sealed class ProductPriceRangeType : ObjectGraphType<PriceRangeResult>
{
    public ProductPriceRangeType()
    {
        Name = "ProductPriceRange";
        Field<NonNullGraphType<MoneyType>>("minVariantPrice").Resolve(ctx => ctx.Source.Min);
        Field<NonNullGraphType<MoneyType>>("maxVariantPrice").Resolve(ctx => ctx.Source.Max);
    }
}
