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
        var sum = 0;
        for (var i = 0; i < 13; i++)
            sum += (padded[i] - '0') * (i % 2 == 0 ? 3 : 1);
        return (10 - sum % 10) % 10 == padded[13] - '0' ? padded : null;
    }
}
