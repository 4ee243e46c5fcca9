namespace Marketplace.Api.Catalog;

public sealed class ProductWhere
{
    public string? CategoryId { get; init; }
    public string? CategorySlug { get; init; }
    public IReadOnlyList<string>? Brands { get; init; }
    public string? SellerId { get; init; }
    public string? SellerHandle { get; init; }
    public PriceRange? Price { get; init; }
    public IReadOnlyList<AttributeFilter>? Attributes { get; init; }
    public bool? InStock { get; init; }
}

public sealed class PriceRange
{
    public decimal? Min { get; init; }
    public decimal? Max { get; init; }
}

public sealed class AttributeFilter
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Values { get; init; } = [];
}

public enum ProductSortField { Price, CreatedAt, Title }

public enum SortDirection { Asc, Desc }

public sealed class ProductOrder
{
    public ProductSortField Field { get; init; } = ProductSortField.CreatedAt;
    public SortDirection Direction { get; init; } = SortDirection.Desc;
}
