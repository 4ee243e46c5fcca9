namespace Marketplace.Api.Ordering;

/// <summary>A shopping cart: a signed-in buyer's (BuyerId) or an anonymous visitor's (VisitorId), never both.</summary>
public sealed class Cart
{
    public long Id { get; set; }
    public string? BuyerId { get; set; }
    public string? VisitorId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<CartLine> Lines { get; set; } = [];
}

/// <summary>Units of one offer in a cart, with the price the buyer saw when adding it (to warn when it changes).</summary>
public sealed class CartLine
{
    public long Id { get; set; }
    public long CartId { get; set; }
    public long OfferId { get; set; }
    public int Quantity { get; set; }
    public long SeenPriceMinor { get; set; }
    public DateTime AddedAt { get; set; }
}
