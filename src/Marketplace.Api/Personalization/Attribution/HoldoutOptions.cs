using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Personalization.Attribution;

public sealed class HoldoutOptions
{
    public const string Section = "Personalization";

    /// <summary>The share of visitors, in percent, who get un-personalized results: the control group the stats compare against.</summary>
    [Range(0.0, 50.0)] public double HoldoutPercent { get; set; } = 10;
}
