using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Turns queued events (<see cref="WebhookEvents"/>) into deliveries, each with its first attempt row, in the same
/// transaction that deletes the events' rows: an event becomes exactly one delivery, with one webhook id, however
/// often this handler is retried. Sellers without a webhook URL get none.
/// </summary>
public sealed class WebhookEventHandler(IServiceScopeFactory scopes, TimeProvider time, ILogger<WebhookEventHandler> logger) : IOutboxHandler
{
    public string Topic => WebhookEvents.Topic;

    public bool DeletesBatch => true;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var events = batch.Select(m => (Message: m, Event: Outbox.Read<WebhookEvents.WebhookEvent>(m))).ToList();
        var sellerIds = events.Select(e => e.Event.SellerId).Distinct().ToList();
        var endpoints = await db.Sellers.AsNoTracking().Where(s => sellerIds.Contains(s.Id))
            .Select(s => new { s.Id, s.Settings.WebhookUrl, s.WebhookDisabledAt })
            .ToDictionaryAsync(s => s.Id, ct);

        var now = time.GetUtcNow().UtcDateTime;
        var deliveries = new List<WebhookDelivery>();
        foreach (var (message, e) in events)
        {
            if (!endpoints.TryGetValue(e.SellerId, out var endpoint) || endpoint.WebhookUrl is null)
            {
                logger.LogDebug("Webhook {Type} for seller {SellerId} dropped: no webhook URL.", e.Type, e.SellerId);
                continue;
            }
            deliveries.Add(WebhookDeliveries.Create(e.SellerId, e.Type, e.Data, message.CreatedAt, now, endpoint.WebhookDisabledAt is not null));
        }

        var ids = batch.Select(m => m.Id).ToList();
        var lease = batch[0].LeaseToken;
        await db.InTransactionAsync(async token =>
        {
            db.ChangeTracker.Clear();
            foreach (var delivery in deliveries) delivery.Id = 0;
            db.WebhookDeliveries.AddRange(deliveries);
            await db.SaveChangesAsync(token);
            await Outbox.EnqueueAsync(db, [.. deliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending)
                .Select(d => WebhookDeliveries.Attempt(d, d.Sequence, now, now))], token);
            var taken = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeaseToken == lease).ExecuteDeleteAsync(token);
            // Another worker took the events over (our lease lapsed): leave them to it rather than create twins.
            if (taken != ids.Count) throw new InvalidOperationException("The lease on these webhook events lapsed.");
            return true;
        }, ct);
    }
}
