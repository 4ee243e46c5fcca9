namespace Marketplace.Api.Catalog;

/// <summary>An amount in a currency's minor units (cents), so it compares and sorts exactly in SQL.</summary>
public readonly record struct Money(long Minor, string Currency)
{
    // Multiplying keeps the currency's decimals in the value: 900 cents is 9.00, not 9.
    public decimal Amount => Minor * Exponent(Currency) switch { 0 => 1m, 3 => 0.001m, _ => 0.01m };

    public static int Exponent(string currency) => currency switch
    {
        "JPY" or "KRW" or "ISK" or "CLP" or "VND" => 0,
        "BHD" or "KWD" or "OMR" or "JOD" or "TND" => 3,
        _ => 2,
    };

    /// <summary>The minor units of an amount, or null when it has more decimals than the currency allows or is beyond <see cref="Data.Limits.MaxAmount"/>.</summary>
    public static long? TryToMinor(decimal amount, string currency)
    {
        if (Math.Abs(amount) > Data.Limits.MaxAmount) return null;
        var scaled = amount * Scale(currency);
        return scaled == decimal.Truncate(scaled) ? (long)scaled : null;
    }

    /// <summary>Rounds a filter bound so that "min" never excludes and "max" never includes a fraction of a cent.</summary>
    public static long ToMinorCeiling(decimal amount, string currency) => (long)decimal.Ceiling(Clamp(amount) * Scale(currency));

    public static long ToMinorFloor(decimal amount, string currency) => (long)decimal.Floor(Clamp(amount) * Scale(currency));

    // Clamped before scaling: decimal.MaxValue times 100 would overflow.
    private static decimal Clamp(decimal amount) => Math.Clamp(amount, -Data.Limits.MaxAmount, Data.Limits.MaxAmount);

    private static decimal Scale(string currency) => Exponent(currency) switch { 0 => 1m, 3 => 1000m, _ => 100m };
}
