using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Infrastructure.Auth;

public sealed class JwtOptions
{
    public const string Section = "Auth";

    /// <summary>OpenID Connect authority (production). Empty: the embedded default signs its own tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>
    /// The HMAC key (base64, at least 32 bytes) that signs and checks local tokens. Give every instance the same
    /// one; empty: a key created on first run in the data directory (jwt-signing.key).
    /// </summary>
    public string? SigningKey { get; set; }

    [Required] public string Audience { get; set; } = "marketplace-api";

    [Required] public string Issuer { get; set; } = "marketplace-api";

    [Range(1, 24 * 365)] public int TokenLifetimeHours { get; set; } = 12;

    public bool UsesLocalSigningKey => string.IsNullOrWhiteSpace(Authority);
}
