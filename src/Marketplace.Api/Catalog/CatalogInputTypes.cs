using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;

namespace Marketplace.Api.Catalog;

public sealed class ProductWhereInputType : InputObjectGraphType<ProductWhere>
{
    public ProductWhereInputType()
    {
        Name = "ProductWhere";
        Description = "Filters; all given ones must match.";
        Field<IdGraphType>("categoryId").Description("A category; its descendants are included.");
        Field(x => x.CategorySlug, nullable: true).Description("A category by slug; its descendants are included.").MaxLength(Limits.Slug);
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("brands").Description("Any of these brands.").MaxItems(Limits.FilterBrands, Limits.Name);
        Field<IdGraphType>("sellerId").Description("Offered by this seller.");
        Field(x => x.SellerHandle, nullable: true).Description("Offered by the seller with this handle.").MaxLength(Limits.Handle);
        Field<PriceRangeInputType>("price").Description("Lowest visible price within the range, bounds included.");
        Field<ListGraphType<NonNullGraphType<AttributeFilterInputType>>>("attributes")
            .Description("Each filter must match; within one, any of its values.")
            .MaxItems(Limits.FilterAttributes);
        Field(x => x.InStock, nullable: true);
    }
}

public sealed class PriceRangeInputType : InputObjectGraphType<PriceRange>
{
    public PriceRangeInputType()
    {
        Name = "PriceRangeInput";
        Field(x => x.Min, nullable: true).Amount();
        Field(x => x.Max, nullable: true).Amount();
    }
}

public sealed class AttributeFilterInputType : InputObjectGraphType<AttributeFilter>
{
    public AttributeFilterInputType()
    {
        Name = "AttributeFilter";
        Field(x => x.Name).Description("e.g. gender, color, size.").MaxLength(Limits.AttributeName);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("values").MaxItems(Limits.FilterAttributeValues, Limits.AttributeValue);
    }
}

public sealed class ProductSortFieldType : EnumerationGraphType<ProductSortField>
{
    public ProductSortFieldType() => Name = "ProductSortField";
}

public sealed class SortDirectionType : EnumerationGraphType<SortDirection>
{
    public SortDirectionType() => Name = "SortDirection";
}

public sealed class ProductOrderInputType : InputObjectGraphType<ProductOrder>
{
    public ProductOrderInputType()
    {
        Name = "ProductOrder";
        Field<NonNullGraphType<ProductSortFieldType>>("field").Description("PRICE sorts by the lowest visible price.");
        Field<SortDirectionType>("direction").DefaultValue(SortDirection.Asc);
    }
}
