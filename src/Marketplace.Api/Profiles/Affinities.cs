using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Api.Profiles;

public enum AffinityDimension { Category, Brand, Gender, Color, Size, PriceBand }

/// <summary>
/// How much of a person's attention went to each category, brand, gender, color, size and price band, with older
/// interest fading (weights halve every half-life). A score is the key's share of the dimension's decayed weight:
/// 1 when every weighted event had it, 0 when none had. A category event counts for the category and its ancestors,
/// so "apparel" can score 1 while "shorts" scores 0.6.
/// </summary>
public sealed class Affinities
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public DateTime AsOf { get; set; }
    public Dictionary<AffinityDimension, Dictionary<string, double>> Weights { get; set; } = [];
    public Dictionary<AffinityDimension, double> Totals { get; set; } = [];

    public static Affinities Parse(string? json) =>
        string.IsNullOrEmpty(json) || json == "{}" ? new() : JsonSerializer.Deserialize<Affinities>(json, Json) ?? new();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The key's share of the dimension's weight, 0..1; keys compare case-insensitively.</summary>
    public double Score(AffinityDimension dimension, string key) =>
        Totals.GetValueOrDefault(dimension) is > 0 and var total && Weights.TryGetValue(dimension, out var keys)
            && keys.TryGetValue(Normalize(key), out var weight)
            ? Math.Min(1, weight / total)
            : 0;

    /// <summary>The dimension's keys by score, highest first.</summary>
    public IEnumerable<(string Key, double Score)> Top(AffinityDimension dimension, int count) =>
        Weights.TryGetValue(dimension, out var keys) && Totals.GetValueOrDefault(dimension) is > 0 and var total
            ? keys.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).Take(count).Select(k => (k.Key, Math.Min(1, k.Value / total)))
            : [];

    /// <summary>Adds one event's weight at <paramref name="at"/> to each key (a category and its ancestors are several keys of one event).</summary>
    public void Add(AffinityDimension dimension, IEnumerable<string> keys, double weight, DateTime at, TimeSpan halfLife)
    {
        var factor = Align(at, halfLife);
        var scaled = weight * factor;
        var map = Weights.TryGetValue(dimension, out var existing) ? existing : Weights[dimension] = new(StringComparer.Ordinal);
        var any = false;
        foreach (var key in keys.Select(Normalize).Distinct())
        {
            map[key] = map.GetValueOrDefault(key) + scaled;
            any = true;
        }
        if (any) Totals[dimension] = Totals.GetValueOrDefault(dimension) + scaled;
    }

    /// <summary>Adds another profile's affinities (a merge), both decayed to the later of the two times.</summary>
    public void Merge(Affinities other, TimeSpan halfLife)
    {
        if (other.Totals.Count == 0) return;
        var at = other.AsOf > AsOf ? other.AsOf : AsOf;
        DecayTo(at, halfLife);
        var factor = Decay(other.AsOf, at, halfLife);
        foreach (var (dimension, keys) in other.Weights)
        {
            var map = Weights.TryGetValue(dimension, out var existing) ? existing : Weights[dimension] = new(StringComparer.Ordinal);
            foreach (var (key, weight) in keys) map[key] = map.GetValueOrDefault(key) + weight * factor;
        }
        foreach (var (dimension, total) in other.Totals) Totals[dimension] = Totals.GetValueOrDefault(dimension) + total * factor;
    }

    /// <summary>Brings every weight forward to <paramref name="now"/>, dropping keys that have faded to nothing.</summary>
    public void DecayTo(DateTime now, TimeSpan halfLife)
    {
        if (now <= AsOf) return;
        var factor = Decay(AsOf, now, halfLife);
        AsOf = now;
        if (factor == 1) return;
        foreach (var keys in Weights.Values)
            foreach (var key in keys.Keys.ToList())
                if ((keys[key] *= factor) < 1e-6) keys.Remove(key);
        foreach (var dimension in Totals.Keys.ToList()) Totals[dimension] *= factor;
    }

    /// <summary>The factor to weigh an event at <paramref name="at"/> with, against weights held at <see cref="AsOf"/>.</summary>
    private double Align(DateTime at, TimeSpan halfLife)
    {
        if (Totals.Count == 0 && AsOf == default) AsOf = at;
        if (at >= AsOf)
        {
            DecayTo(at, halfLife);
            return 1;
        }
        return Decay(at, AsOf, halfLife);
    }

    private static double Decay(DateTime from, DateTime to, TimeSpan halfLife) =>
        to <= from ? 1 : Math.Pow(0.5, (to - from).TotalSeconds / halfLife.TotalSeconds);

    public static string Normalize(string key) => key.Trim().ToLowerInvariant();

    /// <summary>The price band a price falls in: "under-25", "25-50", "50-100", "100-250", "250-500", "500-plus".</summary>
    public static string PriceBand(decimal price) => price switch
    {
        < 25 => "under-25",
        < 50 => "25-50",
        < 100 => "50-100",
        < 250 => "100-250",
        < 500 => "250-500",
        _ => "500-plus",
    };
}
