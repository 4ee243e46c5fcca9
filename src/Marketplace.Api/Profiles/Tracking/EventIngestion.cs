using GraphQL;
using System.Text.Json;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Personalization.Attribution;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Recommendations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Profiles.Tracking;

/// <summary>Who sent a batch: the signed-in customer (if any) and the request's visitor id (if any).</summary>
public sealed record EventSource(string? CustomerId, string? VisitorId);

/// <summary>
/// Takes a batch of events: rejects each bad one with a reason and keeps the rest, stores them, brings their
/// profiles' computed attributes and segment memberships up to date, all in one transaction, so what the call
/// accepted is durable and visible on the caller's next request.
/// </summary>
public sealed class EventIngestion(
    MarketplaceDb db, ProfileResolver resolver, ProductFacts products, ProfileActivity activity,
    SegmentEvaluator segments, TimeProvider time, IOptions<ProfilesOptions> options, ILogger<EventIngestion> logger)
{
    public const int MaxEventsPerCall = 500;
    public const int MaxEventBytes = 32 * 1024;
    public const int MaxCallBytes = 500 * 1024;
    private const int ConflictRetries = 3;

    private static readonly TrackedEventType[] ProductTypes =
        [TrackedEventType.ProductView, TrackedEventType.Click, TrackedEventType.AddToCart, TrackedEventType.RemoveFromCart];

    /// <summary>Events from a client: PURCHASE is refused (the server emits it when an order is placed).</summary>
    public Task<TrackResult> TrackAsync(IReadOnlyList<TrackEventInput> events, EventSource source, CancellationToken ct) =>
        IngestAsync(events, source, fromServer: false, ct);

    /// <summary>Events the server itself emits (PURCHASE from placed orders).</summary>
    public Task<TrackResult> RecordAsync(IReadOnlyList<TrackEventInput> events, EventSource source, CancellationToken ct) =>
        IngestAsync(events, source, fromServer: true, ct);

    private async Task<TrackResult> IngestAsync(IReadOnlyList<TrackEventInput> events, EventSource source, bool fromServer, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rejected = new List<EventRejection>();
        var valid = new List<(int Index, TrackEventInput Input, TrackedEvent Row)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var input = events[i];
            var (row, rejection) = Validate(i, input, source, fromServer, now);
            if (rejection is not null) rejected.Add(rejection);
            else if (!seen.Add(row!.EventId)) rejected.Add(Reject(i, input, EventRejectionCode.DuplicateEvent, "The same eventId appears earlier in this call; dropped."));
            else valid.Add((i, input, row));
        }
        if (valid.Count == 0) return new TrackResult(0, [.. rejected.OrderBy(r => r.Index)]);

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Reads first, outside the write transaction, so SQLite's one writer holds its lock only for the writes.
                var (rows, refused) = await PrepareAsync(valid, ct);
                var (accepted, stored) = rows.Count == 0 ? (0, []) : await db.InTransactionAsync(token => StoreAsync(rows, source, now, token), ct);
                return new TrackResult(accepted, [.. rejected.Concat(refused).Concat(stored).OrderBy(r => r.Index)]);
            }
            catch (Exception e) when (attempt < ConflictRetries && DbConflicts.IsConflict(e))
            {
                // Another request created the same profile or event at the same moment: read again and redo.
                logger.LogDebug("Event batch retried after a concurrent write: {Reason}", e.Message);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>Drops events already received and those naming unknown products; copies the product facts into the rest.</summary>
    private async Task<(List<(int Index, TrackEventInput Input, TrackedEvent Row)> Rows, List<EventRejection> Rejected)> PrepareAsync(
        List<(int Index, TrackEventInput Input, TrackedEvent Row)> batch, CancellationToken ct)
    {
        var rejected = new List<EventRejection>();
        var ids = batch.Select(b => b.Row.EventId).ToList();
        var known = (await db.TrackedEvents.AsNoTracking().Where(e => ids.Contains(e.EventId)).Select(e => e.EventId).ToListAsync(ct)).ToHashSet();
        var keys = batch.Where(b => b.Row.ProductId is not null).Select(b => (b.Row.ProductId!.Value, b.Row.VariantId)).Distinct().ToList();
        var facts = await products.LoadAsync(keys, ct);

        var rows = new List<(int Index, TrackEventInput Input, TrackedEvent Row)>();
        foreach (var item in batch)
        {
            var row = item.Row;
            if (known.Contains(row.EventId))
            {
                rejected.Add(Reject(item.Index, item.Input, EventRejectionCode.DuplicateEvent, "This eventId was received before; dropped."));
                continue;
            }
            if (row.ProductId is { } productId)
            {
                if (!facts.TryGetValue((productId, row.VariantId), out var fact))
                {
                    var code = row.VariantId is null || !keys.Any(k => k.Item1 == productId && facts.ContainsKey(k))
                        ? EventRejectionCode.ProductNotFound : EventRejectionCode.VariantNotFound;
                    rejected.Add(Reject(item.Index, item.Input, code, code == EventRejectionCode.ProductNotFound
                        ? "No product has this productId." : "The variantId is not a variant of this product."));
                    continue;
                }
                row.CategoryPath = fact.CategoryPath;
                row.Brand = fact.Brand;
                row.Gender = fact.Gender;
                row.Color = fact.Color;
                row.Size = fact.Size;
                row.PriceBand = fact.PriceBand;
            }
            rows.Add(item);
        }
        return (rows, rejected);
    }

    /// <summary>Stores the events on their profiles and brings the profiles and their segments up to date; a duplicate that raced in is a conflict the caller retries.</summary>
    private async Task<(int Accepted, List<EventRejection> Rejected)> StoreAsync(
        List<(int Index, TrackEventInput Input, TrackedEvent Row)> rows, EventSource source, DateTime now, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var rejected = new List<EventRejection>();
        // Client calls have one caller; the server's own batches (purchases) hold the events of many customers.
        var resolved = new Dictionary<string, ResolvedProfiles>(StringComparer.Ordinal);
        foreach (var person in rows.GroupBy(r => CustomerOf(r.Input, source) ?? ""))
        {
            var visitorIds = person.Select(r => r.Row.VisitorId).OfType<string>().Distinct().ToList();
            resolved[person.Key] = await resolver.ResolveAsync(person.Key.Length == 0 ? null : person.Key, visitorIds, now, ct);
        }
        var stored = new List<TrackedEvent>();
        foreach (var (index, input, row) in rows)
        {
            var profile = resolved[CustomerOf(input, source) ?? ""].For(row.VisitorId)!;
            if (profile.ConsentWithdrawnAt is not null)
            {
                rejected.Add(Reject(index, input, EventRejectionCode.ConsentWithdrawn, "This person has withdrawn tracking consent; the event was not stored."));
                continue;
            }
            row.ProfileId = profile.Id;
            row.CustomerId = profile.CustomerId;
            stored.Add(row);
        }
        if (stored.Count == 0) return (0, rejected);
        await new BulkInsert<TrackedEvent>(db).InsertAsync(db.Database, stored, ct);
        await ProductSignals.EnqueueAsync(db, stored, now, ct);

        var touched = new List<Profile>();
        foreach (var group in stored.GroupBy(e => e.ProfileId))
        {
            var profile = resolved.Values.SelectMany(r => r.All).First(p => p.Id == group.Key);
            activity.Apply(profile, Affinities.Parse(profile.Affinities), group, now);
            profile.Version++;
            touched.Add(profile);
        }
        await db.SaveChangesAsync(ct);
        await segments.EvaluateAsync(touched, now, ct);
        await ScheduleAbandonmentChecksAsync(touched, stored, now, ct);
        // Last, so the few shared stats rows stay locked only until the commit just after.
        await PersonalizationStats.AddAsync(db, PersonalizationAttribution.Outcomes(stored), ct);
        return (stored.Count, rejected);
    }

    /// <summary>A cart left alone makes a CART_ABANDONER only as time passes: look at the profile again when it would.</summary>
    private Task ScheduleAbandonmentChecksAsync(List<Profile> touched, List<TrackedEvent> stored, DateTime now, CancellationToken ct)
    {
        var carted = stored.Where(e => e.Type is TrackedEventType.AddToCart or TrackedEventType.CheckoutStarted).Select(e => e.ProfileId).ToHashSet();
        var due = now + options.Value.CartAbandonedAfter;
        return Outbox.EnqueueAsync(db, [.. touched.Where(p => carted.Contains(p.Id) && p.PurchaseCount == 0)
            .Select(p => Outbox.Message(ProfileReview.Topic, new ProfileReview(p.Id), now, availableAt: due))], ct);
    }

    private (TrackedEvent? Row, EventRejection? Rejection) Validate(int index, TrackEventInput input, EventSource source, bool fromServer, DateTime now)
    {
        EventRejection Fail(EventRejectionCode code, string message) => Reject(index, input, code, message);
        var settings = options.Value;

        if (input.SizeBytes > MaxEventBytes) return (null, Fail(EventRejectionCode.EventTooLarge, $"The event is {input.SizeBytes:N0} bytes; at most {MaxEventBytes:N0}."));
        if (input.Unreadable is { } problem) return (null, Fail(EventRejectionCode.InvalidValue, problem));
        if (string.IsNullOrWhiteSpace(input.EventId) || input.EventId.Length > Limits.EventId)
            return (null, Fail(EventRejectionCode.InvalidEventId, $"eventId must be 1-{Limits.EventId} characters (a UUID is best)."));
        if (input.Type is not { } type) return (null, Fail(EventRejectionCode.InvalidType, $"Unknown event type '{input.UnknownType}'."));
        if (type == TrackedEventType.Purchase && !fromServer)
            return (null, Fail(EventRejectionCode.ServerOnlyType, "PURCHASE events are emitted by the server when an order is placed."));
        if (input.Timestamp is not { } stamp) return (null, Fail(EventRejectionCode.MissingTimestamp, "timestamp is required."));
        var timestamp = stamp.Kind == DateTimeKind.Local ? stamp.ToUniversalTime() : DateTime.SpecifyKind(stamp, DateTimeKind.Utc);
        if (timestamp > now.AddMinutes(settings.MaxClockSkewMinutes))
            return (null, Fail(EventRejectionCode.TimestampInFuture, $"timestamp is in the future (more than {settings.MaxClockSkewMinutes} minutes ahead of the server)."));
        if (timestamp < now.AddDays(-settings.MaxEventAgeDays))
            return (null, Fail(EventRejectionCode.TimestampTooOld, $"timestamp is more than {settings.MaxEventAgeDays} days old."));

        var visitorId = input.VisitorId ?? source.VisitorId;
        if (input.VisitorId is not null && !VisitorId.IsValid(input.VisitorId))
            return (null, Fail(EventRejectionCode.InvalidVisitorId, "visitorId must be 8-64 letters, digits, '-' or '_'."));
        if (visitorId is null && CustomerOf(input, source) is null)
            return (null, Fail(EventRejectionCode.MissingVisitor, $"Send an {VisitorId.Header} header, a visitorId, or a token."));

        long? productId = null, variantId = null, orderId = null;
        if (input.ProductId is not null && (productId = ParseId(input.ProductId, "Product")) is null)
            return (null, Fail(EventRejectionCode.ProductNotFound, "productId is not a product id."));
        if (input.VariantId is not null && (variantId = ParseId(input.VariantId, "ProductVariant")) is null)
            return (null, Fail(EventRejectionCode.VariantNotFound, "variantId is not a variant id."));
        if (variantId is not null && productId is null) return (null, Fail(EventRejectionCode.ProductRequired, "A variantId needs its productId."));
        if (productId is null && ProductTypes.Contains(type)) return (null, Fail(EventRejectionCode.ProductRequired, $"{type.ToString().ToConstantCase()} events need a productId."));
        if (input.OrderId is not null && (orderId = ParseId(input.OrderId, "Order")) is null)
            return (null, Fail(EventRejectionCode.InvalidValue, "orderId is not an order id."));
        if (type == TrackedEventType.Search && string.IsNullOrWhiteSpace(input.Query)) return (null, Fail(EventRejectionCode.QueryRequired, "SEARCH events need their query."));
        if (input.Query is { Length: > Limits.SearchQuery }) return (null, Fail(EventRejectionCode.TooLong, $"query is longer than {Limits.SearchQuery} characters."));
        if (input.RequestId is { Length: > Limits.EventRequestId }) return (null, Fail(EventRejectionCode.TooLong, $"requestId is longer than {Limits.EventRequestId} characters."));
        if (input.ResultCount is < 0 || input.Position is < 0) return (null, Fail(EventRejectionCode.InvalidValue, "resultCount and position cannot be negative."));
        if (input.Value is { } value && Math.Abs(value) > Limits.MaxAmount) return (null, Fail(EventRejectionCode.InvalidValue, "value is out of range."));
        if (input.Properties is { } properties && !IsObject(properties))
            return (null, Fail(EventRejectionCode.InvalidProperties, "properties must be a JSON object."));

        return (new TrackedEvent
        {
            EventId = input.EventId,
            VisitorId = visitorId,
            Type = type,
            Timestamp = timestamp,
            ReceivedAt = now,
            ProductId = productId,
            VariantId = variantId,
            Query = input.Query?.Trim(),
            ResultCount = input.ResultCount,
            Position = input.Position,
            RequestId = input.RequestId,
            OrderId = orderId,
            Value = input.Value,
            Properties = input.Properties,
        }, null);
    }

    private static string? CustomerOf(TrackEventInput input, EventSource source) => input.CustomerId ?? source.CustomerId;

    /// <summary>A global id of the type, or a plain number.</summary>
    private static long? ParseId(string value, string type) =>
        long.TryParse(value, out var plain) && plain > 0 ? plain : GlobalId.Parse(value, type);

    private static bool IsObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static EventRejection Reject(int index, TrackEventInput input, EventRejectionCode code, string message) =>
        new(index, input.EventId, code, message);
}
