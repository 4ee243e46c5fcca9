using System.ComponentModel.DataAnnotations;

namespace Marketplace.Api.Infrastructure.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a delivery is retried (from when it was queued) before it is given up as FAILED: 3 days.</summary>
    [Range(0.001, 24 * 30)]
    public double MaxRetryHours { get; set; } = 72;

    /// <summary>The first retry's delay; each later one waits as long as the delivery has been failing, so the delays double.</summary>
    [Range(0.001, 3600)]
    public double RetryBaseSeconds { get; set; } = 5;

    /// <summary>The longest wait between two attempts.</summary>
    [Range(0.001, 48)]
    public double MaxRetryDelayHours { get; set; } = 12;

    /// <summary>Failed attempts in a row (on any delivery of the seller) after which its endpoint is disabled.</summary>
    [Range(1, 10_000)]
    public int DisableAfterConsecutiveFailures { get; set; } = 20;

    /// <summary>The most one attempt may take, connecting included.</summary>
    [Range(1, 50)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Allows http:// endpoints. Unset: only in the Development and Testing environments.</summary>
    public bool? AllowHttp { get; set; }

    /// <summary>Allows endpoints on loopback, link-local, private and multicast addresses (local development, tests).</summary>
    public bool AllowPrivateNetworks { get; set; }
}
