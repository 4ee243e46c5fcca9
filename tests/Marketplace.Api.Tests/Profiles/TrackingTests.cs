using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Profiles;

public sealed class TrackingTestsOnSqlite(MarketplaceApiFactory api) : TrackingTests<MarketplaceApiFactory>(api);

public sealed class TrackingTestsOnPostgres(PostgresMarketplaceApiFactory api) : TrackingTests<PostgresMarketplaceApiFactory>(api);

public abstract class TrackingTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : MarketplaceApiFactory
{
    [SkippableFact]
    public async Task Tracked_views_are_stored_and_shape_the_visitors_profile_at_once()
    {
        var shorts = await api.ProductIdsAsync("Women's", 3);
        using var visitor = api.Visitor("visitor-views-01");

        var track = await visitor.TrackAsync([.. shorts.Select(id => ProfilesKit.Event("PRODUCT_VIEW", id)), ProfilesKit.Event("PAGE_VIEW")]);

        Assert.Equal(4, track["accepted"]!.GetValue<int>());
        Assert.Empty(track["rejected"]!.AsArray());
        var profile = await visitor.MyProfileAsync();
        Assert.NotNull(profile);
        Assert.Equal(4, profile["eventCount"]!.GetValue<int>());
        Assert.Equal(3, profile["productViewCount"]!.GetValue<int>());
        Assert.Equal(1, profile["sessionCount"]!.GetValue<int>());
        Assert.Equal("BROWSING", profile["journeyStage"]!.GetValue<string>());
        var gender = Assert.Single(profile["affinities"]!["gender"]!.AsArray());
        Assert.Equal(("women", 1.0), (gender!["key"]!.GetValue<string>(), gender["score"]!.GetValue<double>()));
        Assert.Equal(3, await api.QueryDbAsync(db => db.TrackedEvents.CountAsync(e => e.VisitorId == "visitor-views-01" && e.Gender == "women")));
    }

    [SkippableFact]
    public async Task Each_bad_event_is_rejected_with_its_reason_and_the_good_ones_are_kept()
    {
        var product = (await api.ProductIdsAsync("Men's", 1))[0];
        using var visitor = api.Visitor("visitor-reject-01");
        var repeated = Guid.NewGuid().ToString();

        var track = await visitor.TrackAsync(
            ProfilesKit.Event("PRODUCT_VIEW", product, eventId: repeated),
            ProfilesKit.Event("PRODUCT_VIEW", product, eventId: repeated),
            ProfilesKit.Event("PRODUCT_VIEW", product, at: DateTime.UtcNow.AddHours(2)),
            ProfilesKit.Event("PRODUCT_VIEW", product, at: DateTime.UtcNow.AddDays(-90)),
            ProfilesKit.Event("PRODUCT_VIEW", 999_999_999),
            ProfilesKit.Event("PRODUCT_VIEW"),
            ProfilesKit.Event("PURCHASE", product),
            ProfilesKit.Event("SEARCH"),
            ProfilesKit.Event("CUSTOM", extra: new { properties = new { blob = new string('x', 33 * 1024) } }),
            ProfilesKit.Event("CUSTOM", extra: new { properties = new { campaign = "spring" } }));

        Assert.Equal(2, track["accepted"]!.GetValue<int>());
        var rejected = track["rejected"]!.AsArray().ToDictionary(r => r!["index"]!.GetValue<int>(), r => r!["code"]!.GetValue<string>());
        Assert.Equal(new Dictionary<int, string>
        {
            [1] = "DUPLICATE_EVENT", [2] = "TIMESTAMP_IN_FUTURE", [3] = "TIMESTAMP_TOO_OLD", [4] = "PRODUCT_NOT_FOUND",
            [5] = "PRODUCT_REQUIRED", [6] = "SERVER_ONLY_TYPE", [7] = "QUERY_REQUIRED", [8] = "EVENT_TOO_LARGE",
        }, rejected);
        Assert.All(track["rejected"]!.AsArray(), r => Assert.False(string.IsNullOrWhiteSpace(r!["message"]!.GetValue<string>())));

        var again = await visitor.TrackAsync(ProfilesKit.Event("PRODUCT_VIEW", product, eventId: repeated));
        Assert.Equal(0, again["accepted"]!.GetValue<int>());
        Assert.Equal("DUPLICATE_EVENT", Assert.Single(again.RejectionCodes()));
        Assert.Equal(1, await api.QueryDbAsync(db => db.TrackedEvents.CountAsync(e => e.EventId == repeated)));
        var custom = await api.QueryDbAsync(db => db.TrackedEvents.SingleAsync(e => e.VisitorId == "visitor-reject-01" && e.Type == Marketplace.Api.Profiles.TrackedEventType.Custom));
        Assert.Equal("spring", JsonNode.Parse(custom.Properties!)!["campaign"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Events_without_a_visitor_or_token_are_rejected_and_more_than_500_are_refused()
    {
        using var anonymous = api.CreateClient();

        var track = await anonymous.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        Assert.Equal("MISSING_VISITOR", Assert.Single(track.RejectionCodes()));

        var tooMany = await api.Visitor("visitor-many-0001").PostGraphQLAsync(ProfilesKit.Track,
            new { events = Enumerable.Range(0, 501).Select(_ => ProfilesKit.Event("PAGE_VIEW")).ToArray() });
        Assert.Equal("BAD_USER_INPUT", tooMany.FirstErrorCode);
    }

    [SkippableFact]
    public async Task A_beacon_posts_events_as_plain_text_and_gets_the_same_answer()
    {
        var product = (await api.ProductIdsAsync("Women's", 1))[0];
        using var client = api.CreateClient();
        var body = $$"""
            {"visitorId": "beacon-visitor-01", "events": [
              {"eventId": "{{Guid.NewGuid()}}", "type": "PRODUCT_VIEW", "timestamp": "{{DateTime.UtcNow:O}}", "productId": {{product}}},
              {"eventId": "{{Guid.NewGuid()}}", "type": "TELEPORT", "timestamp": "{{DateTime.UtcNow:O}}"},
              {"eventId": "{{Guid.NewGuid()}}", "type": "PAGE_VIEW", "timestamp": "yesterday"}
            ]}
            """;

        using var response = await client.PostAsync("/events", new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, answer["accepted"]!.GetValue<int>());
        Assert.Equal(["INVALID_TYPE", "INVALID_VALUE"], answer["rejected"]!.AsArray().Select(r => r!["code"]!.GetValue<string>()));
        Assert.Equal(1, await api.QueryDbAsync(db => db.TrackedEvents.CountAsync(e => e.VisitorId == "beacon-visitor-01")));
    }

    [SkippableFact]
    public async Task A_beacon_body_over_500_KB_is_refused_with_413()
    {
        using var client = api.CreateClient();
        var events = string.Join(",", Enumerable.Range(0, 400).Select(i =>
            $$$"""{"eventId":"big-{{{i}}}","type":"CUSTOM","timestamp":"{{{DateTime.UtcNow:O}}}","properties":{"pad":"{{{new string('x', 1_400)}}}"}}"""));

        using var response = await client.PostAsync("/events", new StringContent($$"""{"visitorId":"beacon-visitor-02","events":[{{events}}]}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("REQUEST_TOO_LARGE", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["extensions"]!["code"]!.GetValue<string>());
        Assert.Equal(0, await api.QueryDbAsync(db => db.TrackedEvents.CountAsync(e => e.VisitorId == "beacon-visitor-02")));
    }

    [SkippableFact]
    public async Task Events_past_retention_are_deleted_and_recent_ones_kept()
    {
        using var visitor = api.Visitor("retention-visitor-01");
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW", eventId: "retention-recent"));
        var profileId = await api.QueryDbAsync(db => db.ProfileIdentities.Where(i => i.Value == "retention-visitor-01").Select(i => i.ProfileId).SingleAsync());
        await api.QueryDbAsync(async db =>
        {
            db.TrackedEvents.Add(new Marketplace.Api.Profiles.TrackedEvent
            {
                EventId = "retention-old", ProfileId = profileId, Type = Marketplace.Api.Profiles.TrackedEventType.PageView,
                Timestamp = DateTime.UtcNow.AddDays(-401), ReceivedAt = DateTime.UtcNow.AddDays(-401),
            });
            return await db.SaveChangesAsync();
        });

        var deleted = await api.Services.GetRequiredService<Marketplace.Api.Profiles.EventRetention>().PurgeAsync(CancellationToken.None);

        Assert.True(deleted >= 1);
        var left = await api.QueryDbAsync(db => db.TrackedEvents.Where(e => e.ProfileId == profileId).Select(e => e.EventId).ToListAsync());
        Assert.Equal(["retention-recent"], left);
    }

    [SkippableFact]
    public async Task One_batch_of_orders_records_each_buyers_purchases_on_their_own_profile()
    {
        var variants = await api.QueryDbAsync(db => db.ProductVariants.Where(v => v.OfferCount > 0).OrderBy(v => v.Id).Take(3)
            .Select(v => new { v.Id, v.ProductId }).ToListAsync());
        var now = DateTime.UtcNow;
        Marketplace.Api.Data.Outbox.OutboxMessage Order(long orderId, string buyer, params int[] lines) =>
            Marketplace.Api.Data.Outbox.Outbox.Message(Marketplace.Api.Profiles.Tracking.PurchaseRecorded.Topic,
                new Marketplace.Api.Profiles.Tracking.PurchaseRecorded(orderId, buyer, null, "USD", now,
                    [.. lines.Select(i => new Marketplace.Api.Profiles.Tracking.PurchasedLine(1000 + i, variants[i].ProductId, variants[i].Id, 1, 2_500))]), now);

        await api.Services.GetRequiredService<Marketplace.Api.Profiles.Tracking.PurchaseEventHandler>()
            .HandleAsync([Order(900_001, "batch-buyer-a", 0, 1), Order(900_002, "batch-buyer-b", 2)], CancellationToken.None);

        var profiles = await api.QueryDbAsync(db => db.Profiles.Where(p => p.CustomerId == "batch-buyer-a" || p.CustomerId == "batch-buyer-b")
            .ToDictionaryAsync(p => p.CustomerId!, p => (p.PurchaseCount, p.LifetimeValue, Events: db.TrackedEvents.Count(e => e.ProfileId == p.Id))));
        Assert.Equal((1, 50m, 2), profiles["batch-buyer-a"]);
        Assert.Equal((1, 25m, 1), profiles["batch-buyer-b"]);
    }
}
