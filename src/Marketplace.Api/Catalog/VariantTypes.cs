using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Limits;
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
    }
}

public sealed class VariantNodeResolver : INodeResolver
{
    public string TypeName => ProductVariantType.TypeName;

    public IDataLoaderResult<object?> Load(IServiceProvider services, long id) =>
        services.GetRequiredService<VariantByIdLoader>().Load(id, v => (object?)v);
}
