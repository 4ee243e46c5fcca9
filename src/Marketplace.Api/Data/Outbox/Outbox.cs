using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Marketplace.Api.Data.Outbox;

public static class Outbox
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage Message<T>(string topic, T payload, DateTime now) => Message(topic, payload, now, availableAt: now);

    /// <summary>A message not handed to its handler before <paramref name="availableAt"/>: work to do later.</summary>
    public static OutboxMessage Message<T>(string topic, T payload, DateTime now, DateTime availableAt) => new()
    {
        Topic = topic,
        Payload = JsonSerializer.Serialize(payload, Json),
        CreatedAt = now,
        AvailableAt = availableAt,
    };

    /// <summary>
    /// Writes the messages in the context's current transaction, so they exist exactly when the change that caused
    /// them commits. Their topics' workers are woken when it does (<see cref="OutboxSignal"/>).
    /// </summary>
    public static Task EnqueueAsync(MarketplaceDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken ct)
    {
        if (messages.Count == 0) return Task.CompletedTask;
        if (db.Database.CurrentTransaction?.GetDbTransaction() is { } transaction) OutboxSignal.Wrote(transaction, messages.Select(m => m.Topic));
        return new BulkInsert<OutboxMessage>(db).InsertAsync(db.Database, messages, ct);
    }

    public static T Read<T>(OutboxMessage message) =>
        JsonSerializer.Deserialize<T>(message.Payload, Json)
        ?? throw new InvalidDataException($"Outbox message {message.Id} ({message.Topic}) has an empty payload.");
}
