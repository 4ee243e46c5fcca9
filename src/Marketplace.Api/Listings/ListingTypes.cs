using GraphQL;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Limits;

namespace Marketplace.Api.Listings;

public sealed class NewProductInputType : InputObjectGraphType<NewProductInput>
{
    public NewProductInputType()
    {
        Name = "NewProductInput";
        Description = "A product to create with the listing. If its gtin exists, the listing joins that product instead.";
        Field(x => x.Title);
        Field(x => x.Description, nullable: true);
        Field(x => x.Brand, nullable: true);
        Field<IdGraphType>("categoryId");
        Field(x => x.CategorySlug, nullable: true);
        Field(x => x.Gtin, nullable: true).Description("GTIN-8/12/13/14 with check digit.");
        Field<ListGraphType<NonNullGraphType<AttributeInputType>>>("attributes").MaxItems(Limits.AttributesPerProduct);
        Field<ListGraphType<NonNullGraphType<ImageInputType>>>("images").MaxItems(Limits.ImagesPerProduct);
        Field(x => x.FamilyKey, nullable: true).MaxLength(Limits.Sku)
            .Description("Your own key for the product family. In one bulk call, rows with the same familyKey make one product, each row one of its variants (product fields come from the first row).");
        Field<ListGraphType<NonNullGraphType<ProductOptionInputType>>>("options").MaxItems(Limits.OptionsPerProduct)
            .Description("The options buyers pick (Size, Color) with their values in picker order; give the listing's variant with variant.selectedOptions.");
    }
}

public sealed class ProductOptionInputType : InputObjectGraphType<ProductOptionInput>
{
    public ProductOptionInputType()
    {
        Name = "ProductOptionInput";
        Field(x => x.Name).MaxLength(Limits.AttributeName);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("values").MaxItems(Limits.OptionValues, Limits.AttributeValue);
    }
}

public sealed class SelectedOptionInputType : InputObjectGraphType<SelectedOptionInput>
{
    public SelectedOptionInputType()
    {
        Name = "SelectedOptionInput";
        Description = "An option's value, as Shopify names it: {name: \"Size\", value: \"M\"}.";
        Field(x => x.Name).MaxLength(Limits.AttributeName);
        Field(x => x.Value).MaxLength(Limits.AttributeValue);
    }
}

public sealed class VariantInputType : InputObjectGraphType<VariantInput>
{
    public VariantInputType()
    {
        Name = "VariantInput";
        Description = "A new variant of the product: one value for each of its options, and the variant's own GTIN.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SelectedOptionInputType>>>>("selectedOptions").MaxItems(Limits.OptionsPerProduct);
        Field(x => x.Gtin, nullable: true).Description("GTIN-8/12/13/14 with check digit. If a variant already has it, the listing joins that variant.");
    }
}

public sealed class AttributeInputType : InputObjectGraphType<AttributeInput>
{
    public AttributeInputType()
    {
        Name = "AttributeInput";
        Field(x => x.Name);
        Field(x => x.Value);
    }
}

public sealed class ImageInputType : InputObjectGraphType<ImageInput>
{
    public ImageInputType()
    {
        Name = "ImageInput";
        Field(x => x.Url);
        Field(x => x.AltText, nullable: true);
    }
}

public sealed class ListingInputType : InputObjectGraphType<ListingInput>
{
    public ListingInputType()
    {
        Name = "ListingInput";
        Description = "What the listing sells: variantId (an existing variant), productId (a product without options, or with variant a new variant of it), or product (a new one, with variant when it has options).";
        Field(x => x.Sku).Description("Your SKU, unique among your listings; bulk imports match on it.");
        Field<IdGraphType>("productId");
        Field<IdGraphType>("variantId");
        Field<NewProductInputType>("product");
        Field<VariantInputType>("variant");
        Field(x => x.Price).Description("In the marketplace currency; more than zero.");
        Field(x => x.CompareAtPrice, nullable: true);
        Field<IntGraphType>("stock").DefaultValue(0);
        Field<OfferConditionType>("condition").DefaultValue(OfferCondition.New);
        Field<BooleanGraphType>("publish").DefaultValue(false).Description("true: ACTIVE at once. false: a new listing starts as DRAFT; an existing one keeps its status.");
    }
}

public sealed class UpdateListingInputType : InputObjectGraphType<UpdateListingInput>
{
    public UpdateListingInputType()
    {
        Name = "UpdateListingInput";
        Description = "Fields left out are kept.";
        Field<NonNullGraphType<IdGraphType>>("listingId");
        Field(x => x.ExpectedVersion, nullable: true).Description("Refuse the update (VERSION_CONFLICT) if the listing changed since you read this version.");
        Field(x => x.Sku, nullable: true);
        Field(x => x.Price, nullable: true);
        Field(x => x.CompareAtPrice, nullable: true);
        Field<BooleanGraphType>("clearCompareAtPrice").DefaultValue(false);
        Field(x => x.Stock, nullable: true).Description("Absolute stock; use adjustStock for relative changes.");
        Field<OfferConditionType>("condition");
    }
}

public sealed class ListingPayloadType : ObjectGraphType<ListingPayload>
{
    public ListingPayloadType()
    {
        Name = "ListingPayload";
        Field<OfferType>("listing").Resolve(ctx => ctx.Source.Listing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class BulkRowOutcomeType : EnumerationGraphType<BulkRowOutcome>
{
    public BulkRowOutcomeType() => Name = "BulkRowOutcome";
}

public sealed class BulkRowResultType : ObjectGraphType<BulkRowResult>
{
    public BulkRowResultType()
    {
        Name = "BulkRowResult";
        Field(r => r.Index).Description("The row's position in input.rows.");
        Field(r => r.Sku);
        Field<NonNullGraphType<BulkRowOutcomeType>>("outcome").Resolve(ctx => ctx.Source.Outcome);
        Field<OfferType>("listing").Resolve(ctx => ctx.Source.Listing);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors").Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class BulkUpsertPayloadType : ObjectGraphType<BulkUpsertPayload>
{
    public BulkUpsertPayloadType()
    {
        Name = "BulkUpsertListingsPayload";
        Field(p => p.Created);
        Field(p => p.Updated);
        Field(p => p.Rejected);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<BulkRowResultType>>>>("rows")
            .CostPerItem(ListingService.MaxBulkRows)
            .Resolve(ctx => ctx.Source.Rows);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<UserErrorType>>>>("userErrors")
            .Description("Problems with the call as a whole (no row was written).")
            .Resolve(ctx => ctx.Source.UserErrors);
    }
}

public sealed class ListingIdInputType : InputObjectGraphType<ListingIdInput>
{
    public ListingIdInputType()
    {
        Name = "ListingIdInput";
        Field<NonNullGraphType<IdGraphType>>("listingId");
    }
}

public sealed class AdjustStockInputType : InputObjectGraphType<AdjustStockInput>
{
    public AdjustStockInputType()
    {
        Name = "AdjustStockInput";
        Field<NonNullGraphType<IdGraphType>>("listingId");
        Field(x => x.Delta).Description("Units to add; negative to remove.");
    }
}

public sealed class BulkUpsertListingsInputType : InputObjectGraphType<BulkUpsertListingsInput>
{
    public BulkUpsertListingsInputType()
    {
        Name = "BulkUpsertListingsInput";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ListingInputType>>>>("rows").MaxItems(ListingService.MaxBulkRows);
    }
}
