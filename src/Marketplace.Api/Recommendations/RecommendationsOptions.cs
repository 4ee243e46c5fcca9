using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Recommendations;

public sealed class RecommendationsOptions
{
    public const string Section = "Recommendations";

    /// <summary>No seller may hold more than this share of one list (at least one item each).</summary>
    [Range(0.01, 1)] public double MaxSellerShare { get; set; } = 0.4;

    /// <summary>No brand may hold more than this share of one list (at least one item each).</summary>
    [Range(0.01, 1)] public double MaxBrandShare { get; set; } = 0.5;

    /// <summary>A product's trend score halves every this many hours without new interest.</summary>
    [Range(0.1, 24 * 365)] public double TrendHalfLifeHours { get; set; } = 72;

    /// <summary>Two views by one person this close together count as viewed together.</summary>
    [Range(1, 365)] public int CoViewWindowDays { get; set; } = 30;

    /// <summary>Two purchases by one person this close together count as bought together.</summary>
    [Range(1, 3_650)] public int CoPurchaseWindowDays { get; set; } = 180;

    /// <summary>
    /// Category slugs (a category and everything below it) whose products people buy again, so having bought one does
    /// not hide it. A product with the attribute consumable=true is one too.
    /// </summary>
    public List<string> ConsumableCategories { get; set; } = [];

    /// <summary>How long each instance keeps the catalog's top trends before reading them again (0 reads them every time).</summary>
    [Range(0, 3_600)] public int TrendCacheSeconds { get; set; } = 10;

    public TimeSpan TrendHalfLife => TimeSpan.FromHours(TrendHalfLifeHours);
}
