using GraphQL;
using GraphQL.DataLoader;
using Marketplace.Api.GraphQL.Loading;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Personalization;
using Marketplace.Api.Sellers;

namespace Marketplace.Api.Catalog;

public sealed class MoneyType : ObjectGraphType<Money>
{
    public MoneyType()
    {
        Name = "Money";
        Description = "An amount with its ISO 4217 currency code.";
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(ctx => ctx.Source.Amount);
        Field<NonNullGraphType<StringGraphType>>("currencyCode").Resolve(ctx => ctx.Source.Currency);
    }
}

public sealed class ProductType : ObjectGraphType<Product>
{
    public const string TypeName = "Product";
    public const int DefaultOffers = 10;
    public const int MaxOffers = 50;
    public const int DefaultVariants = 20;
    public const int MaxVariants = 100;

    /// <summary>The first argument of an offers list, within its bounds.</summary>
    public static int OffersToTake(global::GraphQL.IResolveFieldContext ctx)
    {
        var first = ctx.GetArgument("first", DefaultOffers);
        return first is < 0 or > MaxOffers ? throw ApiErrors.BadUserInput($"offers takes first from 0 to {MaxOffers}.") : first;
    }

    public ProductType()
    {
        Name = TypeName;
        Description = "A catalog product. Many sellers may offer the same product.";
        this.ImplementNode(TypeName, p => p.Id);
        Field(p => p.Title);
        Field(p => p.Slug).Description("URL handle, unique.");
        this.AddDescriptionField();
        Field(p => p.Brand, nullable: true);
        Field(p => p.Gtin, nullable: true).Description("GTIN/EAN/UPC barcode; sellers listing the same GTIN share this product.");
        Field(p => p.CreatedAt);
        Field<NonNullGraphType<BooleanGraphType>>("inStock").Description("Whether any visible offer has stock.").Resolve(ctx => ctx.Source.InStock);
        Field<NonNullGraphType<IntGraphType>>("offerCount").Description("How many sellers offer it now.").Resolve(ctx => ctx.Source.OfferCount);
        Field<MoneyType, Money?>("lowestPrice")
            .Description("The price buyers pay now: the cheapest visible offer in stock (the cheapest visible offer when none is in stock), the same offer as bestOffer; null when nobody offers it. Price filters and sorts use it.")
            .Resolve().WithService<CatalogService>()
            .Resolve((ctx, catalog) => ctx.Source.MinPriceMinor is { } minor ? new Money(minor, catalog.Currency) : null);
        Field<NonNullGraphType<CategoryType>, IDataLoaderResult<Category?>>("category")
            .Resolve().WithService<CategoryByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.CategoryId));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductAttributeType>>>, IDataLoaderResult<IReadOnlyList<ProductAttribute>>>("attributes")
            .Description("Name/value pairs such as gender, color, size, material.")
            .ListCost(10)
            .Resolve().WithService<AttributesByProductLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductImageType>>>, IDataLoaderResult<IReadOnlyList<ProductImage>>>("images")
            .ListCost(5)
            .Resolve().WithService<ImagesByProductLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductOptionType>>>, IDataLoaderResult<IReadOnlyList<ProductOption>>>("options")
            .Description("The options buyers pick (Size, Color), in order; empty for a product without options.")
            .ListCost(3)
            .Resolve().WithService<OptionsByProductLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductVariantType>>>, IDataLoaderResult<IReadOnlyList<ProductVariant>>>("variants")
            .Description($"The product's variants in order; the first {DefaultVariants} unless you ask for up to {MaxVariants}. A product without options has one.")
            .Argument<IntGraphType>("first", arg => arg.DefaultValue = DefaultVariants)
            .Resolve().WithService<VariantsByProductLoader>()
            .Resolve((ctx, loader) =>
            {
                var first = ctx.GetArgument("first", DefaultVariants);
                if (first is < 0 or > MaxVariants) throw ApiErrors.BadUserInput($"variants takes first from 0 to {MaxVariants}.");
                return loader.Load(ctx.Source.Id, variants => (IReadOnlyList<ProductVariant>)variants.Take(first).ToList());
            });
        Field<ProductVariantType, IDataLoaderResult<ProductVariant?>>("variantBySelectedOptions")
            .Description("The variant with these option values (names and values without case), or null: what a size picker selects.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<Listings.SelectedOptionInputType>>>>("selectedOptions", arg => arg.MaxItems(Data.Limits.OptionsPerProduct))
            .Resolve().WithService<VariantsByProductLoader>()
            .Resolve((ctx, loader) =>
            {
                var wanted = ctx.GetArgument<List<Listings.SelectedOptionInput>>("selectedOptions");
                return loader.Load(ctx.Source.Id, variants => variants.FirstOrDefault(v => wanted.All(w =>
                    v.SelectedOptions.Any(o => string.Equals(o.Name, w.Name, StringComparison.OrdinalIgnoreCase)
                        && string.Equals(o.Value, w.Value, StringComparison.OrdinalIgnoreCase)))));
            });
        this.AddPreferredVariantField();
        Field<ProductPriceRangeType, IDataLoaderResult<PriceRangeResult?>>("priceRange")
            .Description("The lowest and highest variant prices buyers pay now (in-stock variants, or all when none is in stock); null when nobody offers it.")
            .Resolve().WithServices<VariantsByProductLoader, CatalogService>()
            .Resolve((ctx, loader, catalog) => loader.Load(ctx.Source.Id, variants => PriceRangeResult.Of(variants, catalog.Currency)));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<OfferType>>>, IDataLoaderResult<IReadOnlyList<Offer>>>("offers")
            .Description($"Active offers of active sellers, cheapest first; the first {DefaultOffers} unless you ask for up to {MaxOffers}.")
            .Argument<IntGraphType>("first", arg => arg.DefaultValue = DefaultOffers)
            .Resolve().WithService<OffersByProductLoader>()
            .Resolve((ctx, loader) => loader.Load((ctx.Source.Id, OffersToTake(ctx))));
        Field<OfferType, IDataLoaderResult<Offer?>>("bestOffer")
            .Description("The cheapest offer in stock, else the cheapest; null when nobody offers it.")
            .Resolve().WithService<BestOfferByProductLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
    }
}

public sealed class ProductAttributeType : ObjectGraphType<ProductAttribute>
{
    public ProductAttributeType()
    {
        Name = "ProductAttribute";
        Field(a => a.Name);
        Field(a => a.Value);
    }
}

public sealed class ProductImageType : ObjectGraphType<ProductImage>
{
    public ProductImageType()
    {
        Name = "Image";
        Field(i => i.Url);
        Field(i => i.AltText, nullable: true);
    }
}

public sealed class OfferConditionType : EnumerationGraphType<OfferCondition>
{
    public OfferConditionType() => Name = "OfferCondition";
}

public sealed class OfferStatusType : EnumerationGraphType<OfferStatus>
{
    public OfferStatusType() => Name = "OfferStatus";
}

public sealed class OfferType : ObjectGraphType<Offer>
{
    public const string TypeName = "Offer";

    public OfferType()
    {
        Name = TypeName;
        Description = "A seller's listing of one variant of a product: its price, stock and condition.";
        this.ImplementNode(TypeName, o => o.Id);
        Field(o => o.Sku).Description("The seller's stock keeping unit, unique per seller.");
        Field<NonNullGraphType<MoneyType>>("price").Resolve(ctx => new Money(ctx.Source.PriceMinor, ctx.Source.Currency));
        Field<MoneyType>("compareAtPrice")
            .Description("The price before a reduction, shown struck through.")
            .Resolve(ctx => ctx.Source.CompareAtPriceMinor is { } minor ? new Money(minor, ctx.Source.Currency) : null);
        Field<IntGraphType>("stock")
            .Description("Exact units the seller can ship now. Only the seller and admins see it; null for everyone else.")
            .Resolve().WithService<Viewer>()
            .Resolve((ctx, viewer) => viewer.ActsFor(ctx.Source.SellerId) ? ctx.Source.Stock : null);
        Field<NonNullGraphType<BooleanGraphType>>("inStock").Resolve(ctx => ctx.Source.Stock > 0);
        Field<NonNullGraphType<IntGraphType>>("quantityAvailable")
            .Description("Units a buyer may order now, capped (at 10 by default, Catalog:MaxQuantityShown) so the exact stock stays private.")
            .Resolve().WithService<CatalogService>()
            .Resolve((ctx, catalog) => catalog.QuantityShown(ctx.Source.Stock));
        Field<NonNullGraphType<OfferConditionType>>("condition").Resolve(ctx => ctx.Source.Condition);
        Field<NonNullGraphType<OfferStatusType>>("status").Resolve(ctx => ctx.Source.Status);
        Field(o => o.Version).Description("Changes on every update; pass it as expectedVersion to update safely.");
        Field(o => o.CreatedAt);
        Field(o => o.UpdatedAt);
        Field<NonNullGraphType<ProductVariantType>, IDataLoaderResult<ProductVariant?>>("variant")
            .Description("The variant this offer sells.")
            .Resolve().WithService<VariantByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.VariantId));
        Field<NonNullGraphType<SellerType>, IDataLoaderResult<Seller?>>("seller")
            .Resolve().WithService<SellerByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.SellerId));
        Field<NonNullGraphType<ProductType>, IDataLoaderResult<Product?>>("product")
            .Resolve().WithService<ProductByIdLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.ProductId));
    }
}

public sealed class CategoryType : ObjectGraphType<Category>
{
    public const string TypeName = "Category";

    public CategoryType()
    {
        Name = TypeName;
        Description = "A node of the category tree.";
        this.ImplementNode(TypeName, c => c.Id);
        Field(c => c.Slug);
        Field(c => c.Name);
        Field(c => c.Depth).Description("0 for top-level categories.");
        Field<CategoryType, IDataLoaderResult<Category?>>("parent")
            .Resolve().WithService<CategoryByIdLoader>()
            .Resolve((ctx, loader) => ctx.Source.ParentId is { } parentId ? loader.Load(parentId) : new ResolvedResult<Category?>(null));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryType>>>, IDataLoaderResult<IReadOnlyList<Category>>>("children")
            .ListCost(5)
            .Resolve().WithService<CategoriesByParentLoader>()
            .Resolve((ctx, loader) => loader.Load(ctx.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CategoryType>>>, IDataLoaderResult<IReadOnlyList<Category?>>>("ancestors")
            .Description("From the top-level category down to the parent: a breadcrumb.")
            .ListCost(3)
            .Resolve().WithService<CategoryByIdLoader>()
            .Resolve((ctx, loader) => loader.LoadMany(ctx.Source.AncestorIds()));
    }
}
