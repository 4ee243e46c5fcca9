using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Infrastructure.Webhooks;

public enum WebhookTargetKind { Seller, Destination }

/// <summary>Whom a delivery goes to: a seller's webhook endpoint, or a destination an admin configured (segment activation).</summary>
public readonly record struct WebhookTarget(WebhookTargetKind Kind, long Id)
{
    public static WebhookTarget Seller(long id) => new(WebhookTargetKind.Seller, id);

    public static WebhookTarget Destination(long id) => new(WebhookTargetKind.Destination, id);

    public override string ToString() => $"{(Kind == WebhookTargetKind.Seller ? "seller" : "destination")} {Id}";
}

/// <summary>An endpoint as the sender needs it: the URL, the protected secret (<see cref="WebhookSecrets"/>), and whether it is disabled.</summary>
public sealed record WebhookEndpoint(string? Url, string? ProtectedSecret, DateTime? DisabledAt);

/// <summary>
/// Where one kind of target keeps its endpoint and its health (failures in a row, disabled). The event handler, the
/// sender and the service look endpoints up through <see cref="WebhookEndpointDirectory"/>, so a new kind of target
/// adds one of these and no second delivery mechanism. Health changes are single conditional UPDATEs.
/// </summary>
public interface IWebhookEndpoints
{
    WebhookTargetKind Kind { get; }

    /// <summary>What the owner does to enable a disabled endpoint again, for userErrors and logs.</summary>
    string EnableHint { get; }

    Task<IReadOnlyDictionary<long, WebhookEndpoint>> FindAsync(MarketplaceDb db, IReadOnlyCollection<long> ids, CancellationToken ct);

    Task ResetFailuresAsync(MarketplaceDb db, long id, CancellationToken ct);

    /// <summary>Counts one more failure in a row; the count after it.</summary>
    Task<int> AddFailureAsync(MarketplaceDb db, long id, CancellationToken ct);

    /// <summary>Disables the endpoint unless it already is; true if this call disabled it.</summary>
    Task<bool> DisableAsync(MarketplaceDb db, long id, string reason, DateTime now, CancellationToken ct);
}

/// <summary>The endpoint stores of every kind of target, by kind.</summary>
public sealed class WebhookEndpointDirectory(IEnumerable<IWebhookEndpoints> stores)
{
    private readonly Dictionary<WebhookTargetKind, IWebhookEndpoints> byKind = stores.ToDictionary(s => s.Kind);

    public IWebhookEndpoints For(WebhookTargetKind kind) =>
        byKind.TryGetValue(kind, out var store) ? store : throw new InvalidOperationException($"No webhook endpoints are registered for {kind}.");

    public async Task<WebhookEndpoint?> FindAsync(MarketplaceDb db, WebhookTarget target, CancellationToken ct) =>
        (await For(target.Kind).FindAsync(db, [target.Id], ct)).GetValueOrDefault(target.Id);

    /// <summary>The endpoints of many targets, one query per kind; targets that no longer exist are missing.</summary>
    public async Task<Dictionary<WebhookTarget, WebhookEndpoint>> FindAsync(MarketplaceDb db, IEnumerable<WebhookTarget> targets, CancellationToken ct)
    {
        var found = new Dictionary<WebhookTarget, WebhookEndpoint>();
        foreach (var kind in targets.Distinct().GroupBy(t => t.Kind))
        {
            var endpoints = await For(kind.Key).FindAsync(db, [.. kind.Select(t => t.Id)], ct);
            foreach (var (id, endpoint) in endpoints) found[new WebhookTarget(kind.Key, id)] = endpoint;
        }
        return found;
    }
}

/// <summary>Sellers' endpoints: Settings.WebhookUrl/WebhookSecret and the Webhook* health columns of Sellers.</summary>
public sealed class SellerWebhookEndpoints : IWebhookEndpoints
{
    public WebhookTargetKind Kind => WebhookTargetKind.Seller;

    public string EnableHint => "update its webhook URL (updateSellerSettings)";

    public async Task<IReadOnlyDictionary<long, WebhookEndpoint>> FindAsync(MarketplaceDb db, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        await db.Sellers.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, Endpoint = new WebhookEndpoint(s.Settings.WebhookUrl, s.Settings.WebhookSecret, s.WebhookDisabledAt) })
            .ToDictionaryAsync(s => s.Id, s => s.Endpoint, ct);

    public Task ResetFailuresAsync(MarketplaceDb db, long id, CancellationToken ct) =>
        db.Sellers.Where(s => s.Id == id && s.WebhookConsecutiveFailures != 0)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.WebhookConsecutiveFailures, 0), ct);

    public async Task<int> AddFailureAsync(MarketplaceDb db, long id, CancellationToken ct)
    {
        var sellers = db.Sellers.Where(s => s.Id == id);
        await sellers.ExecuteUpdateAsync(set => set.SetProperty(s => s.WebhookConsecutiveFailures, s => s.WebhookConsecutiveFailures + 1), ct);
        return await sellers.Select(s => s.WebhookConsecutiveFailures).FirstOrDefaultAsync(ct);
    }

    public async Task<bool> DisableAsync(MarketplaceDb db, long id, string reason, DateTime now, CancellationToken ct) =>
        await db.Sellers.Where(s => s.Id == id && s.WebhookDisabledAt == null).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.WebhookDisabledAt, now)
            .SetProperty(s => s.WebhookDisabledReason, reason), ct) > 0;
}
