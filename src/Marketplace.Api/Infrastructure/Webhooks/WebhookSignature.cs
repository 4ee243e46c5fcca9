using System.Security.Cryptography;
using System.Text;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Signs and verifies deliveries the Standard Webhooks way (https://www.standardwebhooks.com): the headers
/// <c>webhook-id</c>, <c>webhook-timestamp</c> (unix seconds) and <c>webhook-signature</c>, which is
/// <c>v1,</c> + base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")); several space-separated signatures may be sent.
/// The secret is the seller's webhook secret as UTF-8 bytes (a <c>whsec_</c>-prefixed secret is base64 after the prefix).
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    /// <summary>How far a timestamp may be from now, either way, before the delivery is refused as a replay.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), signed));
    }

    /// <summary>
    /// Whether <paramref name="signatureHeader"/> holds a valid signature of the body for this id and timestamp, and the
    /// timestamp is within <see cref="Tolerance"/> of <paramref name="now"/>. Compares in constant time.
    /// </summary>
    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader, DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            return false;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        if (age > Tolerance || age < -Tolerance) return false;

        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, seconds, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(candidate))) return true;
        }
        return false;
    }

    private static byte[] KeyOf(string secret)
    {
        if (secret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            try
            {
                return Convert.FromBase64String(secret["whsec_".Length..]);
            }
            catch (FormatException)
            {
            }
        }
        return Encoding.UTF8.GetBytes(secret);
    }
}
