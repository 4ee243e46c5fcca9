namespace Marketplace.Api.Catalog;

public static class Gtin
{
    /// <summary>
    /// A GTIN-8/12/13/14 with a valid check digit, zero-padded to 14 digits so that the UPC and the
    /// EAN of one product match; null when it is not a GTIN.
    /// </summary>
    public static string? Normalize(string? value)
    {
        var digits = value?.Trim();
        if (digits is not { Length: 8 or 12 or 13 or 14 } || !digits.All(char.IsAsciiDigit)) return null;
        var padded = digits.PadLeft(14, '0');
        return padded[13] - '0' == CheckDigit(padded.AsSpan(0, 13)) ? padded : null;
    }

    /// <summary>An EAN-13: twelve data digits and their check digit.</summary>
    public static string Ean13(long data)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(data);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(data, 999_999_999_999L);
        Span<char> digits = stackalloc char[13];
        data.TryFormat(digits[..12], out _, "D12");
        digits[12] = (char)('0' + CheckDigit(digits[..12]));
        return new string(digits);
    }

    // GS1: from the right, data digits weigh 3, 1, 3, ...
    private static int CheckDigit(ReadOnlySpan<char> data)
    {
        var sum = 0;
        for (var i = 0; i < data.Length; i++)
            sum += (data[i] - '0') * ((data.Length - i) % 2 == 1 ? 3 : 1);
        return (10 - sum % 10) % 10;
    }
}
