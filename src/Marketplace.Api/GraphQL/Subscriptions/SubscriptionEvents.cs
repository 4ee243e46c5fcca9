using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;

namespace Marketplace.Api.GraphQL.Subscriptions;

/// <summary>
/// Raises an event for live GraphQL subscriptions, in the caller's transaction, so subscribers on every API instance
/// hear of a change exactly when it commits. <paramref name="key"/> narrows who hears it (a seller id).
/// </summary>
public static class SubscriptionEvents
{
    public const string Topic = "subscriptions.publish";

    public sealed record SubscriptionEvent(string Name, string Key, System.Text.Json.JsonElement Data);

    public static Task PublishAsync(MarketplaceDb db, string name, string key, object data, DateTime now, CancellationToken ct) =>
        Outbox.EnqueueAsync(db, [Message(name, key, data, now)], ct);

    /// <summary>The outbox row, for a caller that writes it with others in one insert.</summary>
    public static OutboxMessage Message(string name, string key, object data, DateTime now) =>
        Outbox.Message(Topic, new SubscriptionEvent(name, key, System.Text.Json.JsonSerializer.SerializeToElement(data, Outbox.Json)), now);
}
