namespace Marketplace.Api.GraphQL.Subscriptions;

/// <summary>
/// One raised event, kept for a few minutes so that every API instance can read it: the outbox hands each row to one
/// instance only, so the instance that takes it appends it here and all of them tail this table.
/// </summary>
public sealed class SubscriptionEventLogEntry
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Key { get; set; }

    /// <summary>The event's JSON.</summary>
    public required string Data { get; set; }
    public DateTime CreatedAt { get; set; }
}
