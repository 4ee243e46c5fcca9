namespace Marketplace.Api.Catalog;

public sealed class Product
{
    public long Id { get; set; }
    public required string Slug { get; set; }
    public required string Title { get; set; }
    public string? Description { get; set; }
    public string? Brand { get; set; }
    public int CategoryId { get; set; }
    public string? Gtin { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>When the product or anything buyers see of it (an offer, a seller's status) last changed.</summary>
    public DateTime UpdatedAt { get; set; }
    public List<ProductAttribute> Attributes { get; set; } = [];
    public List<ProductImage> Images { get; set; } = [];
    public List<ProductOption> Options { get; set; } = [];
    public List<ProductVariant> Variants { get; set; } = [];

    // Kept current from the offers (see ProductSummaries) so that buyer-facing
    // filters, sorts and keyset paging run in the database on every provider.
    public long? MinPriceMinor { get; set; }
    public bool InStock { get; set; }
    public int OfferCount { get; set; }
}

public sealed class ProductAttribute
{
    public long ProductId { get; set; }
    public required string Name { get; set; }
    public required string Value { get; set; }
}

public sealed class ProductImage
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public int Position { get; set; }
    public required string Url { get; set; }
    public string? AltText { get; set; }
}
