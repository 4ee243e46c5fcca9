using Marketplace.Api.Search;

namespace Marketplace.Api.Personalization.Merchandising;

public enum MerchandisingAction { Boost, Bury, Pin }

/// <summary>What a rule picks: products in a category (or below it), of a brand, sold by a seller, with an attribute or option value, or one product.</summary>
public enum MerchandisingTarget { Category, Brand, Seller, Attribute, Product }

/// <summary>
/// A rule in force now for a segment. <see cref="Value"/> is a category slug, a brand, a seller handle, an attribute
/// value (named by <see cref="AttributeName"/>) or a product id; <see cref="Weight"/> is 0..100.
/// </summary>
public sealed record ActiveMerchandisingRule(
    long Id, long SegmentId, MerchandisingAction Action, MerchandisingTarget Target, string? AttributeName, string Value, double Weight)
{
    /// <summary>Whether the rule picks the product (names and values compare case-insensitively).</summary>
    public bool Matches(ProductDocument product) => Target switch
    {
        MerchandisingTarget.Category => product.Categories.Any(c => Same(c.Slug, Value)),
        MerchandisingTarget.Brand => product.Brand is { } brand && Same(brand, Value),
        MerchandisingTarget.Seller => product.Sellers.Any(s => Same(s.Handle, Value)),
        MerchandisingTarget.Attribute => AttributeName is { } name
            && (product.Attributes.Any(a => Same(a.Name, name) && Same(a.Value, Value)) || product.OptionValues.Any(o => Same(o.Name, name) && Same(o.Value, Value))),
        MerchandisingTarget.Product => Value == product.ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => false,
    };

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}

/// <summary>The merchandising rules in force for a caller's segments, read by search and recommendations alike.</summary>
public interface IActiveMerchandising
{
    Task<IReadOnlyList<ActiveMerchandisingRule>> ForSegmentsAsync(IReadOnlyCollection<long> segmentIds, CancellationToken ct);
}
