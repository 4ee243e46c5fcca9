namespace Marketplace.Api.Catalog;

public enum OfferStatus { Draft, Active, Archived }

public enum OfferCondition { New, Used, Refurbished }

/// <summary>A seller's listing of one variant of a product: its price, stock and condition.</summary>
public sealed class Offer
{
    public long Id { get; set; }
    public long VariantId { get; set; }

    /// <summary>The variant's product, kept on the offer so that product-level queries need no join.</summary>
    public long ProductId { get; set; }
    public long SellerId { get; set; }
    public required string Sku { get; set; }
    public long PriceMinor { get; set; }
    public long? CompareAtPriceMinor { get; set; }
    public required string Currency { get; set; }
    public int Stock { get; set; }
    public OfferCondition Condition { get; set; }
    public OfferStatus Status { get; set; }
    public int Version { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
