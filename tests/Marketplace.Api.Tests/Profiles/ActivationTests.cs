using System.Net;
using System.Text.Json.Nodes;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Profiles.Activation;
using Marketplace.Api.Profiles.Segments;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Subscriptions;
using Marketplace.Api.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Api.Tests.Profiles.ActivationKit;
using static Marketplace.Api.Tests.Webhooks.WebhookTesting;

namespace Marketplace.Api.Tests.Profiles;

public sealed class ActivationTestsOnSqlite(WebhookTestApi api) : ActivationTests<WebhookTestApi>(api);

public sealed class ActivationTestsOnPostgres(PostgresWebhookTestApi api) : ActivationTests<PostgresWebhookTestApi>(api);

/// <summary>
/// Activation: membership changes written with their outbox row (as the profiles feature does) reach admin-configured
/// destinations as signed webhooks over real HTTP, and admins' subscriptions over WebSocket. Each test uses segments of its own.
/// </summary>
public abstract class ActivationTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    [SkippableFact]
    public async Task A_destination_receives_segment_entered_signed_with_its_secret_and_one_wanting_another_segment_does_not()
    {
        await using var wanted = await WebhookReceiver.StartAsync();
        await using var other = await WebhookReceiver.StartAsync();
        var vips = await api.SegmentAsync("activation-vips");
        var lapsed = await api.SegmentAsync("activation-lapsed");
        var profile = (await api.ProfilesAsync("activation-signed", 1))[0];
        using var admin = api.CreateClient(api.AdminToken());
        var (_, secret) = await admin.DestinationAsync("Email tool", wanted.Url("/vips"), vips);
        await admin.DestinationAsync("Ad tool", other.Url("/lapsed"), lapsed);

        await api.ChangeMembershipAsync(vips, profile, entered: true);
        var receipt = (await wanted.WaitForAsync(r => r.Count == 1))[0];
        // The other destination hears its own segment's change, and nothing before it.
        await api.ChangeMembershipAsync(lapsed, profile, entered: true);
        var others = await other.WaitForAsync(r => r.Count >= 1);

        Assert.StartsWith("whsec_", secret);
        Assert.True(WebhookSignature.Verify(secret, receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify(Secret, receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow));
        var body = JsonNode.Parse(receipt.Body)!;
        Assert.Equal("segment.entered", body["type"]!.GetValue<string>());
        Assert.Equal(SegmentGlobalId(vips), body["data"]!["segmentId"]!.GetValue<string>());
        Assert.Equal("activation-vips", body["data"]!["segmentName"]!.GetValue<string>());
        Assert.Equal(ProfileGlobalId(profile.Id), body["data"]!["profileId"]!.GetValue<string>());
        Assert.Equal("activation-signed-0", body["data"]!["customerId"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(body["data"]!["at"]!.GetValue<string>(), out _));
        Assert.Single(others);
        Assert.Equal(SegmentGlobalId(lapsed), JsonNode.Parse(others[0].Body)!["data"]!["segmentId"]!.GetValue<string>());
        Assert.Single(wanted.Receipts);
    }

    [SkippableFact]
    public async Task A_destination_for_every_segment_hears_a_profile_leave()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var segment = await api.SegmentAsync("activation-leavers");
        var profile = (await api.ProfilesAsync("activation-leaver", 1))[0];
        using var admin = api.CreateClient(api.AdminToken());
        var (_, secret) = await admin.DestinationAsync("Everything", receiver.Url("/all"));

        await api.ChangeMembershipAsync(segment, profile, entered: true);
        await api.ChangeMembershipAsync(segment, profile, entered: false);
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Body.Contains("segment.left") && x.Body.Contains(SegmentGlobalId(segment))));

        var left = receipts.Single(x => x.Body.Contains("segment.left") && x.Body.Contains(SegmentGlobalId(segment)));
        Assert.True(WebhookSignature.Verify(secret, left.Id, left.Timestamp, left.Body, left.Signature, DateTimeOffset.UtcNow));
        await admin.PostGraphQLAsync("mutation($id: ID!) { deleteSegmentDestination(input: {id: $id}) { deletedId } }",
            new { id = (await admin.PostGraphQLAsync("{ segmentDestinations(first: 100) { nodes { id name } } }"))
                .DataOrFail()["segmentDestinations"]!["nodes"]!.AsArray().First(n => n!["name"]!.GetValue<string>() == "Everything")!["id"]!.GetValue<string>() });
    }

    [SkippableFact]
    public async Task A_failing_destination_is_retried_and_then_succeeds_and_an_admin_can_redeliver_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, before) => before == 0 ? 503 : 200;
        var segment = await api.SegmentAsync("activation-retried");
        var profile = (await api.ProfilesAsync("activation-retried", 1))[0];
        using var admin = api.CreateClient(api.AdminToken());
        var (destinationId, secret) = await admin.DestinationAsync("Flaky tool", receiver.Url("/flaky"), segment);

        await api.ChangeMembershipAsync(segment, profile, entered: true);
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Answered == 200));

        Assert.Equal([503, 200], receipts.Select(r => r.Answered));
        Assert.Single(receipts.Select(r => r.Id).Distinct());
        Assert.All(receipts, r => Assert.True(WebhookSignature.Verify(secret, r.Id, r.Timestamp, r.Body, r.Signature, DateTimeOffset.UtcNow)));
        JsonNode? delivery = null;
        await UntilAsync(async () => (delivery = (await admin.DestinationDeliveriesAsync(destinationId)).SingleOrDefault()) is not null && delivery.Status() == "SUCCEEDED");
        Assert.Equal("segment.entered", delivery!["eventType"]!.GetValue<string>());
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());

        var redelivered = (await admin.PostGraphQLAsync("mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { delivery { status } userErrors { code } } }",
            new { id = delivery["id"]!.GetValue<string>() })).DataOrFail()["redeliverWebhook"]!;
        Assert.Empty(redelivered["userErrors"]!.AsArray());
        var again = await receiver.WaitForAsync(r => r.Count == 3);
        Assert.Equal(receipts[0].Id, again[2].Id);
    }

    [SkippableFact]
    public async Task Destination_deliveries_stay_out_of_sellers_delivery_logs_and_a_seller_webhook_still_arrives()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var segment = await api.SegmentAsync("activation-beside-sellers");
        var profile = (await api.ProfilesAsync("activation-beside", 1))[0];
        using var admin = api.CreateClient(api.AdminToken());
        await admin.DestinationAsync("Beside sellers", receiver.Url("/destination"), segment);
        var (_, _, seller) = await SellerAsync(api, 5);
        Assert.Empty((await UpdateSettingsAsync(seller, receiver.Url("/seller")))["userErrors"]!.AsArray());

        await api.ChangeMembershipAsync(segment, profile, entered: true);
        await SendTestAsync(seller);
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Path == "/seller") && r.Any(x => x.Path == "/destination"));

        var sellers = receipts.Single(r => r.Path == "/seller");
        Assert.True(WebhookSignature.Verify(Secret, sellers.Id, sellers.Timestamp, sellers.Body, sellers.Signature, DateTimeOffset.UtcNow));
        Assert.All(await DeliveriesAsync(seller), d => Assert.Equal("webhook.test", d!["eventType"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task A_change_handled_a_second_time_after_its_row_is_done_sends_nothing_more()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var segment = await api.SegmentAsync("activation-twice");
        var profiles = await api.ProfilesAsync("activation-twice", 2);
        using var admin = api.CreateClient(api.AdminToken());
        await admin.DestinationAsync("Twice", receiver.Url("/twice"), segment);
        await api.ChangeMembershipAsync(segment, profiles[0], entered: true);
        await receiver.WaitForAsync(r => r.Count == 1);
        // The same change again, as a worker whose lease lapsed would hand it over after another finished it.
        var change = new SegmentMembershipChanged(segment, "activation-twice", profiles[0].Id, profiles[0].CustomerId, true, DateTime.UtcNow);
        var done = Outbox.Message(SegmentMembershipChanged.Topic, change, DateTime.UtcNow);
        done.Id = long.MaxValue;
        done.LeaseToken = "lapsed";

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            api.Services.GetRequiredService<SegmentActivationHandler>().HandleAsync([done], CancellationToken.None));
        await api.ChangeMembershipAsync(segment, profiles[1], entered: true);
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Body.Contains($"\"{ProfileGlobalId(profiles[1].Id)}\"")));

        Assert.Equal(2, receipts.Count);
        Assert.Single(receipts, r => r.Body.Contains($"\"{ProfileGlobalId(profiles[0].Id)}\""));
    }

    [SkippableFact]
    public async Task Updating_a_destination_changes_the_segments_it_hears_and_a_rotated_secret_signs_from_then_on()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var first = await api.SegmentAsync("activation-first");
        var second = await api.SegmentAsync("activation-second");
        var profiles = await api.ProfilesAsync("activation-updated", 2);
        using var admin = api.CreateClient(api.AdminToken());
        var (id, _) = await admin.DestinationAsync("Moving", receiver.Url("/moving"), first);

        var updated = (await admin.PostGraphQLAsync(
            $"mutation($input: UpdateSegmentDestinationInput!) {{ updateSegmentDestination(input: $input) {{ destination {{ {DestinationFields} }} secret userErrors {{ code }} }} }}",
            new { input = new { id, name = "Moved", segmentIds = new[] { SegmentGlobalId(second) }, rotateSecret = true } })).DataOrFail()["updateSegmentDestination"]!;
        var rotated = updated["secret"]!.GetValue<string>();
        await api.ChangeMembershipAsync(first, profiles[0], entered: true);
        await api.ChangeMembershipAsync(second, profiles[1], entered: true);
        var receipt = (await receiver.WaitForAsync(r => r.Count >= 1))[0];

        Assert.Empty(updated["userErrors"]!.AsArray());
        Assert.Equal("Moved", updated["destination"]!["name"]!.GetValue<string>());
        Assert.Equal([SegmentGlobalId(second)], updated["destination"]!["segmentIds"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.False(updated["destination"]!["allSegments"]!.GetValue<bool>());
        Assert.Contains(SegmentGlobalId(second), receipt.Body);
        Assert.True(WebhookSignature.Verify(rotated, receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow));
        var unknown = (await admin.PostGraphQLAsync("mutation { updateSegmentDestination(input: {id: \"gid://marketplace/SegmentDestination/999999\", name: \"x\"}) { userErrors { code } } }"))
            .DataOrFail()["updateSegmentDestination"]!;
        Assert.Equal(["SEGMENT_DESTINATION_NOT_FOUND"], Codes(unknown));
    }

    [SkippableFact]
    public async Task An_admin_subscribed_to_one_segment_hears_its_members_enter_and_leave_over_websocket()
    {
        var watched = await api.SegmentAsync("activation-watched");
        var ignored = await api.SegmentAsync("activation-ignored");
        var profile = (await api.ProfilesAsync("activation-live", 1))[0];
        await using var socket = await GraphQLWsClient.ConnectAndInitAsync(api, api.AdminToken());
        await socket.SubscribeAsync("segments",
            "subscription($id: ID) { segmentMembershipChanged(segmentId: $id) { segmentId segmentName profileId customerId change at } }",
            new { id = SegmentGlobalId(watched) });
        await GraphQLWsClient.WaitForListenersAsync(api, 1);

        await api.ChangeMembershipAsync(ignored, profile, entered: true);
        await api.ChangeMembershipAsync(watched, profile, entered: true);
        await api.ChangeMembershipAsync(watched, profile, entered: false);
        var entered = (await socket.ReceiveAsync())["payload"]!["data"]!["segmentMembershipChanged"]!;
        var left = (await socket.ReceiveAsync())["payload"]!["data"]!["segmentMembershipChanged"]!;

        Assert.Equal(SegmentGlobalId(watched), entered["segmentId"]!.GetValue<string>());
        Assert.Equal("activation-watched", entered["segmentName"]!.GetValue<string>());
        Assert.Equal(ProfileGlobalId(profile.Id), entered["profileId"]!.GetValue<string>());
        Assert.Equal("activation-live-0", entered["customerId"]!.GetValue<string>());
        Assert.Equal("ENTERED", entered["change"]!.GetValue<string>());
        Assert.Equal("LEFT", left["change"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Only_admins_may_subscribe_to_segment_membership_changes()
    {
        await using var socket = await GraphQLWsClient.ConnectAndInitAsync(api, api.BuyerToken());
        await socket.SubscribeAsync("segments", "subscription { segmentMembershipChanged { segmentId } }");

        var error = await socket.ReceiveAsync();

        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Creating_a_destination_refuses_a_bad_url_and_an_unknown_segment_and_anyone_but_an_admin()
    {
        using var admin = api.CreateClient(api.AdminToken());

        var badUrl = await admin.CreateDestinationAsync("Bad", "ftp://example.com/hooks", null);
        var unknown = await admin.CreateDestinationAsync("Unknown", "https://example.com/hooks", [999_999]);
        var notASegment = (await admin.PostGraphQLAsync(
            """mutation { createSegmentDestination(input: {name: "X", url: "https://example.com/x", segmentIds: ["gid://marketplace/Product/1"]}) { destination { id } userErrors { code field } } }"""))
            .DataOrFail()["createSegmentDestination"]!;
        using var buyer = api.CreateClient(api.BuyerToken());
        var forbidden = await buyer.PostGraphQLAsync("""mutation { createSegmentDestination(input: {name: "X", url: "https://example.com/x"}) { secret } }""");
        var anonymous = await api.CreateClient().PostGraphQLAsync("{ segmentDestinations(first: 5) { nodes { id } } }");

        Assert.Equal(["INVALID_WEBHOOK_URL"], Codes(badUrl));
        Assert.Null(badUrl["destination"]);
        Assert.Null(badUrl["secret"]);
        Assert.Equal(["SEGMENT_NOT_FOUND"], Codes(unknown));
        Assert.Equal(["input", "segmentIds", "0"], unknown["userErrors"]![0]!["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(["SEGMENT_NOT_FOUND"], Codes(notASegment));
        Assert.Equal("FORBIDDEN", forbidden.FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", anonymous.FirstErrorCode);
    }

    [SkippableFact]
    public async Task The_members_export_streams_every_member_as_ndjson_to_admins_only()
    {
        var segment = await api.SegmentAsync("activation-export");
        var profiles = await api.ProfilesAsync("activation-export", 1_005);
        await api.QueryDbAsync(async db =>
        {
            db.SegmentMemberships.AddRange(profiles.Select(p => new Marketplace.Api.Profiles.Segments.SegmentMembership
                { SegmentId = segment, ProfileId = p.Id, EnteredAt = DateTime.UtcNow }));
            return await db.SaveChangesAsync();
        });
        using var admin = api.CreateClient(api.AdminToken());

        var response = await admin.GetAsync($"/segments/{Uri.EscapeDataString(SegmentGlobalId(segment))}/members.ndjson");
        var numeric = await admin.GetAsync($"/segments/{segment}/members.ndjson");
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(profiles.Select(p => ProfileGlobalId(p.Id)), lines.Select(l => l["profileId"]!.GetValue<string>()));
        Assert.Equal("activation-export-0", lines[0]["customerId"]!.GetValue<string>());
        Assert.Equal("activation-export-0@example.com", lines[0]["email"]!.GetValue<string>());
        Assert.Equal("NL", lines[0]["country"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(lines[0]["enteredAt"]!.GetValue<string>(), out _));
        Assert.Equal(HttpStatusCode.OK, numeric.StatusCode);
        Assert.Equal(lines.Count, (await numeric.Content.ReadAsStringAsync()).Count(c => c == '\n'));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync($"/segments/{segment}/members.ndjson")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateClient(api.BuyerToken()).GetAsync($"/segments/{segment}/members.ndjson")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/segments/999999/members.ndjson")).StatusCode);
    }
}
