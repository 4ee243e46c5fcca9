using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Turns queued events (<see cref="WebhookEvents"/>) into deliveries, each with its first attempt row, in the same
/// transaction that deletes the events' rows: an event becomes exactly one delivery, with one webhook id, however
/// often this handler is retried. Targets without a webhook URL (or gone) get none.
/// </summary>
public sealed class WebhookEventHandler(
    IServiceScopeFactory scopes, WebhookEndpointDirectory directory, TimeProvider time, ILogger<WebhookEventHandler> logger) : IOutboxHandler
{
    public string Topic => WebhookEvents.Topic;

    public bool DeletesBatch => true;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var events = batch.Select(m => (Message: m, Event: Outbox.Read<WebhookEvents.WebhookEvent>(m))).ToList();
        var endpoints = await directory.FindAsync(db, events.Select(e => e.Event.Target), ct);

        var now = time.GetUtcNow().UtcDateTime;
        var deliveries = new List<WebhookDelivery>();
        foreach (var (message, e) in events)
        {
            if (!endpoints.TryGetValue(e.Target, out var endpoint) || endpoint.Url is null)
            {
                logger.LogDebug("Webhook {Type} for {Target} dropped: no webhook URL.", e.Type, e.Target);
                continue;
            }
            deliveries.Add(WebhookDeliveries.Create(e.Target, e.Type, e.Data, message.CreatedAt, now, endpoint.DisabledAt is not null));
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
