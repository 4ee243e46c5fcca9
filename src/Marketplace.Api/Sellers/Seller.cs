namespace Marketplace.Api.Sellers;

public enum SellerStatus { Pending, Active, Suspended }

public sealed class Seller
{
    public long Id { get; set; }
    public required string Handle { get; set; }
    public required string Name { get; set; }
    public SellerStatus Status { get; set; } = SellerStatus.Pending;
    /// <summary>Commission in basis points (1200 = 12%), so it compares exactly on every provider.</summary>
    public int CommissionBps { get; set; }
    public string? ContactEmail { get; set; }
    public string? ContactPhone { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public SellerSettings Settings { get; set; } = new();

    // The webhook endpoint's health, kept by the sender (Infrastructure/Webhooks/WebhookSender) in single UPDATEs.
    public int WebhookConsecutiveFailures { get; set; }
    /// <summary>Set when the endpoint answered 410 Gone or failed too often in a row; nothing is sent until the seller updates its URL.</summary>
    public DateTime? WebhookDisabledAt { get; set; }
    public string? WebhookDisabledReason { get; set; }
    public List<ShippingRate> ShippingRates { get; set; } = [];
}

public sealed class SellerSettings
{
    public string? WebhookUrl { get; set; }
    public string? WebhookSecret { get; set; }
}

public sealed class ShippingRate
{
    public long Id { get; set; }
    public long SellerId { get; set; }
    public required string Name { get; set; }
    public required string CountryCode { get; set; }
    public long PriceMinor { get; set; }
    public long? FreeOverMinor { get; set; }
    public int? MinDeliveryDays { get; set; }
    public int? MaxDeliveryDays { get; set; }
}
