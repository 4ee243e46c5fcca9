using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Personalization.Attribution;

/// <summary>
/// Which visitors are held out of personalization. The choice is a hash of the person's key, so it is the same on
/// every call, every instance and every restart, without storing anything.
/// </summary>
public sealed class PersonalizationHoldout
{
    private const int Buckets = 10_000;
    private readonly int heldOutBuckets;

    public PersonalizationHoldout(IOptions<HoldoutOptions> options) =>
        heldOutBuckets = (int)Math.Round(options.Value.HoldoutPercent * Buckets / 100);

    public bool IsHeldOut(string personKey) => Bucket(personKey) < heldOutBuckets;

    /// <summary>Whether the caller of this request is held out; a caller with no key (no token, no visitor id) is not.</summary>
    public bool IsHeldOut(Viewer viewer, HttpContext? http) => PersonKey(viewer, http) is { } key && IsHeldOut(key);

    /// <summary>
    /// The visitor id when the request has one, else the signed-in customer. The visitor id comes first so that a
    /// visitor who signs in mid-visit stays in the group they were in; a customer without a visitor id (an app, a new
    /// device) is grouped by their customer id.
    /// </summary>
    public static string? PersonKey(Viewer viewer, HttpContext? http) =>
        VisitorId.Of(http) is { } visitorId ? "visitor:" + visitorId
        : viewer.IsAuthenticated && viewer.Subject is { Length: > 0 } subject ? "customer:" + subject
        : null;

    private static int Bucket(string personKey)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes("holdout:" + personKey), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % Buckets);
    }
}
