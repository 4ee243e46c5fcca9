using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Recommendations;

/// <summary>How many people did something with both products; one row each way, so a product's partners are one index range.</summary>
public abstract class ProductPairCount
{
    public long ProductId { get; set; }
    public long OtherProductId { get; set; }
    public int Count { get; set; }
}

/// <summary>How many people viewed both products.</summary>
public sealed class CoView : ProductPairCount;

/// <summary>How many people bought both products.</summary>
public sealed class CoPurchase : ProductPairCount;

/// <summary>A product's decayed popularity: <see cref="Score"/> as of <see cref="AsOf"/>, halving every half-life after it.</summary>
public sealed class ProductTrend
{
    public long ProductId { get; set; }
    public double Score { get; set; }
    public DateTime AsOf { get; set; }
}

/// <summary>A product's decayed popularity among the members of one segment.</summary>
public sealed class SegmentProductTrend
{
    public long SegmentId { get; set; }
    public long ProductId { get; set; }
    public double Score { get; set; }
    public DateTime AsOf { get; set; }
}

internal static class RecommendationsModel
{
    public static void AddRecommendations(this ModelBuilder model)
    {
        model.Entity<CoView>(pair =>
        {
            pair.ToTable("CoViews");
            pair.HasKey(p => new { p.ProductId, p.OtherProductId });
        });
        model.Entity<CoPurchase>(pair =>
        {
            pair.ToTable("CoPurchases");
            pair.HasKey(p => new { p.ProductId, p.OtherProductId });
        });
        model.Entity<ProductTrend>(trend =>
        {
            trend.HasKey(t => t.ProductId);
            trend.HasIndex(t => t.Score);
        });
        model.Entity<SegmentProductTrend>(trend =>
        {
            trend.HasKey(t => new { t.SegmentId, t.ProductId });
            trend.HasIndex(t => new { t.SegmentId, t.Score });
        });
    }
}

/// <summary>Exponential decay shared by the trend writer and its readers.</summary>
public static class TrendDecay
{
    public static double Factor(DateTime from, DateTime to, TimeSpan halfLife) =>
        to <= from ? 1 : Math.Pow(0.5, (to - from).TotalSeconds / halfLife.TotalSeconds);

    /// <summary>Adds <paramref name="weight"/> at <paramref name="at"/> to a score held as of <paramref name="asOf"/>; the later time becomes the new as-of.</summary>
    public static (double Score, DateTime AsOf) Add(double score, DateTime asOf, double weight, DateTime at, TimeSpan halfLife) =>
        at >= asOf
            ? (score * Factor(asOf, at, halfLife) + weight, at)
            : (score + weight * Factor(at, asOf, halfLife), asOf);
}
