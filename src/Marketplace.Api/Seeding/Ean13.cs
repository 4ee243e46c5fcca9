namespace Marketplace.Api.Seeding;

/// <summary>EAN-13 (GTIN-13) check digits.</summary>
internal static class Ean13
{
    /// <summary>Appends the check digit to twelve data digits.</summary>
    public static string Complete(long data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(data);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data, 999_999_999_999L);
        Span<char> digits = stackalloc char[13];
        data.TryFormat(digits[..12], out _, "D12");
        digits[12] = (char)('0' + CheckDigit(digits[..12]));
        return new string(digits);
    }

    public static bool IsValid(string? gtin) =>
        gtin is { Length: 13 }
        && gtin.All(char.IsAsciiDigit)
        && gtin[12] - '0' == CheckDigit(gtin.AsSpan(0, 12));

    private static int CheckDigit(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
            sum += (data[i] - '0') * (i % 2 == 0 ? 1 : 3);
        return (10 - sum % 10) % 10;
    }
}
