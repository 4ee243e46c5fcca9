namespace Marketplace.Api.Benchmarks.Harness;

/// <summary>Percentiles of a sample of durations in milliseconds (nearest rank).</summary>
public sealed record Latency(int Count, double Median, double P95, double P99, double Max, double Mean)
{
    public static Latency Of(IReadOnlyCollection<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = milliseconds.Order().ToArray();
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted.Length, Rank(0.50), Rank(0.95), Rank(0.99), sorted[^1], sorted.Average());
    }

    public static string Format(double milliseconds) => milliseconds switch
    {
        double.NaN => "-",
        < 10 => $"{milliseconds:0.00} ms",
        < 1_000 => $"{milliseconds:0.0} ms",
        _ => $"{milliseconds / 1_000:0.00} s",
    };
}
