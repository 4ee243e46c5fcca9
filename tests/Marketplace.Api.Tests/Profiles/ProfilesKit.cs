using System.Text.Json.Nodes;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Profiles;

public static class ProfilesKit
{
    public const string ProfileFields = """
        id customerId eventCount sessionCount productViewCount purchaseCount journeyStage trackingConsent
        traits { country gender age ageBand customerType email }
        affinities { category { key score } gender { key score } brand { key score } }
        """;

    public const string Track = "mutation($events: [TrackEventInput!]!) { track(events: $events) { accepted rejected { index eventId code message } } }";

    public static HttpClient Visitor(this MarketplaceApiFactory api, string visitorId, string? token = null)
    {
        var client = token is null ? api.CreateClient() : api.CreateClient(token);
        client.DefaultRequestHeaders.Add(VisitorId.Header, visitorId);
        return client;
    }

    /// <summary>An event for the track mutation's variables.</summary>
    public static Dictionary<string, object?> Event(string type, long? productId = null, DateTime? at = null, string? eventId = null, object? extra = null)
    {
        var e = new Dictionary<string, object?>
        {
            ["eventId"] = eventId ?? Guid.NewGuid().ToString(),
            ["type"] = type,
            ["timestamp"] = (at ?? DateTime.UtcNow).ToString("O"),
        };
        if (productId is not null) e["productId"] = productId.ToString();
        if (extra is not null)
            foreach (var property in extra.GetType().GetProperties()) e[property.Name] = property.GetValue(extra);
        return e;
    }

    public static async Task<JsonNode> TrackAsync(this HttpClient client, params Dictionary<string, object?>[] events) =>
        (await client.PostGraphQLAsync(Track, new { events })).DataOrFail()["track"]!;

    public static async Task<JsonNode?> MyProfileAsync(this HttpClient client) =>
        (await client.PostGraphQLAsync($"{{ me {{ customerId visitorId profile {{ {ProfileFields} }} }} }}")).DataOrFail()["me"]!["profile"];

    public static Task<long[]> ProductIdsAsync(this MarketplaceApiFactory api, string titleStart, int count = 5) =>
        api.QueryDbAsync(db => db.Products.Where(p => p.Title.StartsWith(titleStart) && p.OfferCount > 0).OrderBy(p => p.Id).Select(p => p.Id).Take(count).ToArrayAsync());

    public static IEnumerable<string> RejectionCodes(this JsonNode track) =>
        track["rejected"]!.AsArray().Select(r => r!["code"]!.GetValue<string>());
}
