using Marketplace.Api.Catalog;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Ordering;

namespace Marketplace.Api.Profiles.Tracking;

/// <summary>What a placed order tells the buyer's profile: one PURCHASE event per line.</summary>
public sealed record PurchaseRecorded(long OrderId, string BuyerId, string? VisitorId, string Currency, DateTime At, IReadOnlyList<PurchasedLine> Lines)
{
    public const string Topic = "profiles.purchases";
}

/// <summary>One line of an order; an order has one line per offer, so (order, offer) names it.</summary>
public sealed record PurchasedLine(long OfferId, long ProductId, long VariantId, int Quantity, long TotalMinor);

public static class PurchaseEvents
{
    /// <summary>The outbox row of the order's PURCHASE events, written in the order's transaction so a placed order always reaches the profile.</summary>
    public static OutboxMessage Message(Order order, string? visitorId, DateTime now) =>
        Outbox.Message(PurchaseRecorded.Topic, new PurchaseRecorded(order.Id, order.BuyerId, visitorId, order.Currency, now,
            [.. order.Parts.SelectMany(p => p.Lines).Select(l => new PurchasedLine(l.OfferId, l.ProductId, l.VariantId, l.Quantity, l.LineTotalMinor))]), now);
}

/// <summary>Records placed orders as PURCHASE events (ids from the order and offer, so a retry stores nothing twice).</summary>
public sealed class PurchaseEventHandler(IServiceScopeFactory scopes) : IOutboxHandler
{
    public string Topic => PurchaseRecorded.Topic;

    public int BatchSize => 50;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        // The batch's orders in one ingestion: one transaction for many checkouts' purchases.
        var events = batch.Select(Outbox.Read<PurchaseRecorded>).SelectMany(purchase => purchase.Lines.Select(line => new TrackEventInput
        {
            EventId = $"purchase-{purchase.OrderId}-{line.OfferId}",
            Type = TrackedEventType.Purchase,
            Timestamp = purchase.At,
            ProductId = line.ProductId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            VariantId = line.VariantId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            OrderId = purchase.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Value = new Money(line.TotalMinor, purchase.Currency).Amount,
            Properties = $$"""{"quantity":{{line.Quantity}}}""",
            CustomerId = purchase.BuyerId,
            VisitorId = purchase.VisitorId,
        })).ToList();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<EventIngestion>().RecordAsync(events, new EventSource(null, null), ct);
    }
}
