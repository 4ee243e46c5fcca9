namespace Marketplace.Api.Catalog;

/// <summary>
/// One buyable member of a product family ("M / Navy"): its own option values and GTIN. Sellers' offers are of a
/// variant. A product without options has exactly one variant, its default, so every product is bought the same way.
/// </summary>
public sealed class ProductVariant
{
    public const string DefaultTitle = "Default";

    public long Id { get; set; }
    public long ProductId { get; set; }
    public int Position { get; set; }
    public required string Title { get; set; }
    public string? Gtin { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<VariantOptionValue> SelectedOptions { get; set; } = [];

    // Kept current from the offers with the product's (see ProductSummaries).
    public long? MinPriceMinor { get; set; }
    public bool InStock { get; set; }
    public int OfferCount { get; set; }

    public static ProductVariant Default(DateTime now, string? gtin = null) => new() { Title = DefaultTitle, Gtin = gtin, CreatedAt = now };
}

/// <summary>The value a variant has for one of its product's options (Size: M).</summary>
public sealed class VariantOptionValue
{
    public long VariantId { get; set; }

    /// <summary>The option's position in its product, so selected options read in the product's order.</summary>
    public int Position { get; set; }
    public required string Name { get; set; }
    public required string Value { get; set; }
}

/// <summary>An option of a product family (Size) with its values in the order a picker shows them.</summary>
public sealed class ProductOption
{
    public long Id { get; set; }
    public long ProductId { get; set; }
    public int Position { get; set; }
    public required string Name { get; set; }
    public List<ProductOptionValue> Values { get; set; } = [];
}

public sealed class ProductOptionValue
{
    public long Id { get; set; }
    public long OptionId { get; set; }
    public int Position { get; set; }
    public required string Value { get; set; }
}
