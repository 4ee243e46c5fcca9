using Microsoft.AspNetCore.DataProtection;

namespace Marketplace.Api.Infrastructure;

/// <summary>
/// Sellers' webhook signing secrets are stored encrypted with ASP.NET Core Data Protection; the sender
/// unprotects one only to sign a delivery, and no API ever returns it.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider provider)
{
    // The purpose isolates these payloads: a key ring shared with other uses cannot read them as anything else.
    private readonly IDataProtector protector = provider.CreateProtector("Marketplace.Api.Sellers.WebhookSecret.v1");

    public string Protect(string secret) => protector.Protect(secret);

    public string Unprotect(string protectedSecret) => protector.Unprotect(protectedSecret);
}
