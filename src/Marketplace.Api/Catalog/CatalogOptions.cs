using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Catalog;

public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>The marketplace's currency: every offer is priced in it (multi-currency is a later issue).</summary>
    [Required, RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";

    /// <summary>The most units an offer shows to buyers as quantityAvailable; exact stock is for its seller and admins.</summary>
    [Range(1, 1_000_000)]
    public int MaxQuantityShown { get; set; } = 10;
}
