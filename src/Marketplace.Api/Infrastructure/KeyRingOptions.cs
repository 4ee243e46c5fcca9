namespace Marketplace.Api.Infrastructure;

/// <summary>Where the Data Protection keys live. Several instances must share one folder (or they cannot read each other's secrets).</summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>Empty: the data directory's <c>keys</c> folder.</summary>
    public string? KeysDirectory { get; set; }
}
