using System.Globalization;
using System.Security.Claims;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Ordering;
using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Tracking;

namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>What the replay stored, and what the API refused (a refusal means the synthetic history did not all arrive).</summary>
public sealed record ReplayResult(int EventsAccepted, int EventsRejected, int Orders, int OrdersRefused, int OutboxMessages, IReadOnlyList<string> Refusals);

/// <summary>
/// Feeds the training history through the production paths, in time order: views and cart adds through
/// <see cref="EventIngestion"/> (as the track mutation does), purchases as real checkouts (cart, then place order),
/// whose PURCHASE events and whatever else the outbox carries (the engine's co-occurrence statistics among it) are
/// handled by draining every outbox topic. The clock advances in <see cref="Step"/>s: each step's events are sent with
/// the clock at the step's end, its orders are placed then, and the outbox is drained before the next step.
/// </summary>
public sealed class HistoryReplay(IServiceProvider services, EvaluationClock clock)
{
    public static readonly TimeSpan Step = TimeSpan.FromHours(3);

    private static readonly ShippingAddressInput Address = new()
    {
        Name = "Synthetic Shopper", Line1 = "1 Evaluation Way", City = "Portland", Region = "OR", PostalCode = "97201", CountryCode = "US",
    };

    public static int StepsOf(SyntheticHistory history) => (int)Math.Ceiling((history.Cutoff - history.Start) / Step);

    public async Task<ReplayResult> ReplayAsync(SyntheticHistory history, IReadOnlyList<SyntheticEvent> training, IProgress<int> progress, CancellationToken ct)
    {
        var shoppers = history.Shoppers.ToDictionary(s => s.Number);
        var (accepted, rejected, orders, refused, drained) = (0, 0, 0, 0, 0);
        var refusals = new List<string>();
        var steps = StepsOf(history);
        var next = 0;
        for (var step = 1; step <= steps; step++)
        {
            var stepEnd = Min(history.Start + Step * step, history.Cutoff);
            var batch = new List<SyntheticEvent>();
            while (next < training.Count && training[next].At < stepEnd) batch.Add(training[next++]);
            clock.MoveTo(stepEnd);
            if (batch.Count > 0)
            {
                foreach (var chunk in batch.Where(e => e.Action != SyntheticAction.Purchase).Chunk(EventIngestion.MaxEventsPerCall))
                {
                    var tracked = await TrackAsync(chunk, shoppers, ct);
                    accepted += tracked.Accepted;
                    rejected += tracked.Rejected.Count;
                }
                foreach (var order in batch.Where(e => e.Action == SyntheticAction.Purchase).GroupBy(e => (e.Shopper, e.Session)))
                {
                    if (await PlaceOrderAsync(shoppers[order.Key.Shopper], [.. order], ct) is { } refusal)
                    {
                        refused++;
                        refusals.Add(refusal);
                    }
                    else orders++;
                }
            }
            drained += await DrainOutboxAsync(ct);
            progress.Report(step);
        }
        return new ReplayResult(accepted, rejected, orders, refused, drained, [.. refusals.Distinct().Order(StringComparer.Ordinal)]);
    }

    private async Task<TrackResult> TrackAsync(IEnumerable<SyntheticEvent> events, Dictionary<int, SyntheticShopper> shoppers, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var inputs = events.Select(e => new TrackEventInput
        {
            EventId = $"eval-{e.Sequence}",
            Type = e.Action == SyntheticAction.View ? TrackedEventType.ProductView : TrackedEventType.AddToCart,
            Timestamp = e.At,
            ProductId = e.ProductId.ToString(CultureInfo.InvariantCulture),
            VariantId = e.VariantId.ToString(CultureInfo.InvariantCulture),
            // A signed-in shopper on their own device: the events land on the customer's profile.
            CustomerId = shoppers[e.Shopper].CustomerId,
            VisitorId = shoppers[e.Shopper].VisitorId,
        }).ToList();
        return await scope.ServiceProvider.GetRequiredService<EventIngestion>().TrackAsync(inputs, new EventSource(null, null), ct);
    }

    /// <summary>The shopper's checkout as the cart and order mutations run it, signed in as the shopper; the first userError's code when it was refused (the cart is emptied then).</summary>
    private async Task<string?> PlaceOrderAsync(SyntheticShopper shopper, IReadOnlyList<SyntheticEvent> lines, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var http = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        var request = new DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimNames.Subject, shopper.CustomerId), new Claim(ClaimNames.Role, Roles.Buyer)], "evaluation")),
        };
        request.Request.Headers[VisitorId.Header] = shopper.VisitorId;
        http.HttpContext = request;
        try
        {
            var carts = scope.ServiceProvider.GetRequiredService<CartService>();
            var added = new List<CartPayload>();
            foreach (var line in lines) added.Add(await carts.AddAsync(GlobalId.Encode(OfferType.TypeName, line.OfferId), 1, ct));
            var cart = await carts.CurrentAsync(ct);
            if (cart is null || !cart.Lines.Any()) return Code(added.SelectMany(a => a.UserErrors).FirstOrDefault()) ?? "CART_EMPTY";
            var placed = await scope.ServiceProvider.GetRequiredService<OrderService>().PlaceAsync(shopper.CustomerId, new PlaceOrderInput
            {
                CartId = GlobalId.Encode(CartService.TypeName, cart.Cart.Id),
                ShippingAddress = Address,
                IdempotencyKey = $"eval-{lines[0].Sequence}",
            }, ct);
            if (placed.Order is not null) return null;
            foreach (var line in (await carts.CurrentAsync(ct))?.Lines ?? [])
                await carts.RemoveLineAsync(GlobalId.Encode(CartService.LineTypeName, line.Line.Id), ct);
            return Code(placed.UserErrors.FirstOrDefault()) ?? "NOT_PLACED";
        }
        finally
        {
            http.HttpContext = null;
        }
    }

    private static string? Code(GraphQL.UserError? error) => error is null ? null : global::GraphQL.StringExtensions.ToConstantCase(error.Code.ToString());

    /// <summary>Every topic's handler until nothing due is left, as the API's outbox workers would; how many messages it handled.</summary>
    public async Task<int> DrainOutboxAsync(CancellationToken ct)
    {
        var total = 0;
        foreach (var handler in services.GetServices<IOutboxHandler>())
        {
            var worker = ActivatorUtilities.CreateInstance<OutboxWorker>(services, handler);
            for (int handled; (handled = await worker.DrainOnceAsync(ct)) > 0;) total += handled;
        }
        return total;
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
