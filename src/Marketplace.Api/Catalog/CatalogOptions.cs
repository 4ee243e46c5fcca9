using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Catalog;

public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>The marketplace's currency: every offer is priced in it (multi-currency is a later issue).</summary>
    [Required, RegularExpression("^[A-Z]{3}$")]
    public string Currency { get; set; } = "USD";
}
