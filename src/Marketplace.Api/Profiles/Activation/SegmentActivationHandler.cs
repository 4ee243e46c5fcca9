using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Profiles.Segments;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Profiles.Activation;

/// <summary>
/// Fans each membership change out: a <c>segment.entered</c> / <c>segment.left</c> webhook event to every destination
/// that wants the segment, and a <c>segmentMembershipChanged</c> subscription event (through the event log, so every
/// instance hears it). Both are written in the transaction that deletes the changes' rows under this batch's lease,
/// so a change fans out exactly once however often the handler runs.
/// </summary>
public sealed class SegmentActivationHandler(IServiceScopeFactory scopes) : IOutboxHandler
{
    public string Topic => SegmentMembershipChanged.Topic;

    public async Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var changes = batch.Select(Outbox.Read<SegmentMembershipChanged>).ToList();
        var segmentIds = changes.Select(c => c.SegmentId).Distinct().ToList();
        var destinations = await db.SegmentDestinations.AsNoTracking()
            .Where(d => d.AllSegments || d.Segments.Any(s => segmentIds.Contains(s.SegmentId)))
            .Select(d => new { d.Id, d.AllSegments, Wanted = d.Segments.Where(s => segmentIds.Contains(s.SegmentId)).Select(s => s.SegmentId).ToList() })
            .ToListAsync(ct);

        var messages = new List<OutboxMessage>();
        foreach (var change in changes)
        {
            var type = change.Entered ? SegmentActivation.EnteredEvent : SegmentActivation.LeftEvent;
            var data = SegmentActivation.WebhookData(change);
            foreach (var destination in destinations.Where(d => d.AllSegments || d.Wanted.Contains(change.SegmentId)))
                messages.Add(WebhookEvents.Message(WebhookTarget.Destination(destination.Id), type, data, change.At));
            messages.Add(SubscriptionEvents.Message(SegmentActivation.SubscriptionName, SegmentActivation.SubscriptionKey, change, change.At));
        }

        var ids = batch.Select(m => m.Id).ToList();
        var lease = batch[0].LeaseToken;
        await db.InTransactionAsync(async token =>
        {
            await Outbox.EnqueueAsync(db, messages, token);
            var taken = await db.OutboxMessages.Where(m => ids.Contains(m.Id) && m.LeaseToken == lease).ExecuteDeleteAsync(token);
            // Another worker took the changes over (our lease lapsed), or they are done already: leave them, no twins.
            if (taken != ids.Count) throw new InvalidOperationException("The lease on these segment membership changes lapsed.");
            return true;
        }, ct);
    }
}

/// <summary>The names and shapes activation sends.</summary>
public static class SegmentActivation
{
    public const string EnteredEvent = "segment.entered";
    public const string LeftEvent = "segment.left";
    public const string SubscriptionName = "segmentMembershipChanged";

    /// <summary>Admins hear every segment's changes; the subscription narrows by segment itself.</summary>
    public const string SubscriptionKey = "segments";

    public const string SegmentTypeName = "Segment";

    /// <summary>A Segment global id, or (where ids are typed by hand, as in export URLs) a plain number.</summary>
    public static long? ParseSegmentId(string? id, bool allowNumeric = false) =>
        GlobalId.Parse(id, SegmentTypeName)
        ?? (allowNumeric && long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null);

    /// <summary>The id the API gives the profile (Profile.id), so tools can match webhooks, exports and GraphQL.</summary>
    public static string ProfileGlobalId(long id) => GlobalId.Encode(ProfileService.TypeName, id);

    public static object WebhookData(SegmentMembershipChanged change) => new
    {
        segmentId = GlobalId.Encode(SegmentTypeName, change.SegmentId),
        segmentName = change.SegmentName,
        profileId = ProfileGlobalId(change.ProfileId),
        customerId = change.CustomerId,
        at = change.At,
    };
}
