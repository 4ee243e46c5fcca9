using System.Text.Json.Nodes;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Profiles;

/// <summary>Segments, profiles and membership changes written as the profiles feature writes them, and destinations made over GraphQL.</summary>
public static class ActivationKit
{
    public static string SegmentGlobalId(long id) => GlobalId.Encode("Segment", id);

    public static string ProfileGlobalId(long id) => GlobalId.Encode("Profile", id);

    public static Task<long> SegmentAsync(this MarketplaceApiFactory api, string name) =>
        api.QueryDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var segment = new Segment { Name = name, Rule = "{}", CreatedAt = now, UpdatedAt = now };
            db.Segments.Add(segment);
            await db.SaveChangesAsync();
            return segment.Id;
        });

    public static Task<List<Profile>> ProfilesAsync(this MarketplaceApiFactory api, string prefix, int count) =>
        api.QueryDbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var profiles = Enumerable.Range(0, count).Select(i => new Profile
            {
                CustomerId = $"{prefix}-{i}",
                Traits = new ProfileTraits { Email = $"{prefix}-{i}@example.com", Country = "NL" },
                CreatedAt = now,
                FirstSeenAt = now,
                LastSeenAt = now,
            }).ToList();
            db.Profiles.AddRange(profiles);
            await db.SaveChangesAsync();
            return profiles;
        });

    /// <summary>
    /// What the profiles feature does when a profile enters or leaves a segment: the membership row and the outbox row,
    /// in one transaction.
    /// </summary>
    public static Task ChangeMembershipAsync(this MarketplaceApiFactory api, long segmentId, Profile profile, bool entered) =>
        api.QueryDbAsync(db => db.InTransactionAsync(async ct =>
        {
            var now = DateTime.UtcNow;
            var segment = await db.Segments.AsNoTracking().SingleAsync(s => s.Id == segmentId, ct);
            if (entered) db.SegmentMemberships.Add(new SegmentMembership { SegmentId = segmentId, ProfileId = profile.Id, EnteredAt = now });
            else db.SegmentMemberships.Remove(await db.SegmentMemberships.SingleAsync(m => m.SegmentId == segmentId && m.ProfileId == profile.Id, ct));
            await db.SaveChangesAsync(ct);
            var change = new SegmentMembershipChanged(segmentId, segment.Name, profile.Id, profile.CustomerId, entered, now);
            await Outbox.EnqueueAsync(db, [Outbox.Message(SegmentMembershipChanged.Topic, change, now)], ct);
            return true;
        }, CancellationToken.None));

    public const string DestinationFields = "id name url allSegments segmentIds status consecutiveFailures";

    public static async Task<JsonNode> CreateDestinationAsync(this HttpClient admin, string name, string url, IEnumerable<long>? segmentIds)
    {
        var response = await admin.PostGraphQLAsync(
            $"mutation($input: CreateSegmentDestinationInput!) {{ createSegmentDestination(input: $input) {{ destination {{ {DestinationFields} }} secret userErrors {{ code field message }} }} }}",
            new { input = new { name, url, segmentIds = segmentIds?.Select(SegmentGlobalId).ToArray() } });
        return response.DataOrFail()["createSegmentDestination"]!;
    }

    /// <summary>Creates a destination that must be accepted; its global id and secret.</summary>
    public static async Task<(string Id, string Secret)> DestinationAsync(this HttpClient admin, string name, string url, params long[] segmentIds)
    {
        var created = await admin.CreateDestinationAsync(name, url, segmentIds.Length == 0 ? null : segmentIds);
        Assert.Empty(created["userErrors"]!.AsArray());
        return (created["destination"]!["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    public static async Task<JsonArray> DestinationDeliveriesAsync(this HttpClient admin, string destinationId)
    {
        var response = await admin.PostGraphQLAsync(
            "query($id: ID!) { node(id: $id) { ... on SegmentDestination { deliveries(first: 50) { nodes { id webhookId eventType status attempts lastStatusCode } } } } }",
            new { id = destinationId });
        return response.DataOrFail()["node"]!["deliveries"]!["nodes"]!.AsArray();
    }

    public static IEnumerable<string> Codes(JsonNode payload) => payload["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>());
}
