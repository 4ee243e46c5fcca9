namespace Marketplace.Api.Data;

/// <summary>Column lengths and list sizes, shared by the model and by input validation so both agree.</summary>
public static class Limits
{
    public const int Handle = 64;
    public const int Name = 200;
    public const int Title = 255;
    public const int Slug = 255;
    public const int Description = 10_000;
    public const int Email = 254;
    public const int Phone = 32;
    public const int Url = 2_048;
    public const int AltText = 200;
    public const int Sku = 64;
    public const int Gtin = 14;
    public const int OptionsPerProduct = 3;
    public const int OptionValues = 50;
    public const int AttributeName = 64;
    public const int AttributeValue = 128;
    public const int AttributesPerProduct = 50;
    public const int ImagesPerProduct = 20;
    public const int ShippingRatesPerSeller = 50;
    public const int WebhookSecret = 128;
    /// <summary>The column holding a Data Protection payload of a <see cref="WebhookSecret"/>-long secret.</summary>
    public const int ProtectedWebhookSecret = 1_024;
    /// <summary>A webhook delivery's last error, and why an endpoint was disabled.</summary>
    public const int WebhookError = 1_000;
    public const int AuditReason = 1_000;
    public const int AuditActor = 200;
    public const int OutboxTopic = 64;
    public const int Subject = 200;
    public const int VisitorId = 64;
    public const int IdempotencyKey = 100;
    public const int CartFingerprint = 64;
    public const int AddressLine = 200;
    public const int PostalCode = 20;
    public const int TrackingNumber = 100;
    public const int CartLines = 100;
    public const int LineQuantity = 999;
    public const int OutboxError = 2_000;
    public const int SubscriptionEventName = 64;
    public const int SubscriptionEventKey = 128;
    /// <summary>Search queries longer than this are not kept for suggestions.</summary>
    public const int SearchQueryKept = 100;
    public const int EventId = 64;
    public const int EventProperties = 32 * 1024;
    public const int EventRequestId = 64;
    public const int SegmentRule = 4_000;
    public const int TraitValue = 100;

    /// <summary>The largest amount in any currency: its minor units (up to 1,000 per unit) stay far inside a long.</summary>
    public const decimal MaxAmount = 1_000_000_000_000m;

    // Filters: enough for any storefront facet panel, small enough that no filter's SQL grows large.
    public const int FilterBrands = 100;
    public const int FilterAttributes = 20;
    public const int FilterAttributeValues = 100;
    public const int FilterCategories = 50;
    /// <summary>The longest search text: far beyond any real query, short enough that nobody can make the engine work hard with one.</summary>
    public const int SearchQuery = 256;

    /// <summary>The value cut to at most <paramref name="max"/> characters, for text the server writes itself (an error, a reason).</summary>
    public static string Clip(string value, int max) => value.Length > max ? value[..max] : value;
}
