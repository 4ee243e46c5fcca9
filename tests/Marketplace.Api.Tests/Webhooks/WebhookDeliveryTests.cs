using System.Text.Json.Nodes;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Api.Tests.Webhooks.WebhookTesting;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>Webhooks to a real HTTP receiver on loopback; each test uses a seller of its own.</summary>
public sealed class WebhookDeliveryTests(WebhookTestApi api) : IClassFixture<WebhookTestApi>
{
    [Fact]
    public async Task A_test_webhook_arrives_signed_with_the_sellers_secret_and_fails_verification_with_another_secret_or_an_old_timestamp()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, sellerId, seller) = await SellerAsync(api, 0);
        Assert.Empty((await UpdateSettingsAsync(seller, receiver.Url()))["userErrors"]!.AsArray());

        var sent = await SendTestAsync(seller);
        var receipt = (await receiver.WaitForAsync(r => r.Count == 1))[0];

        Assert.Empty(sent["userErrors"]!.AsArray());
        Assert.Equal(sent["delivery"]!["webhookId"]!.GetValue<string>(), receipt.Id);
        Assert.StartsWith("v1,", receipt.Signature);
        Assert.True(WebhookSignature.Verify(Secret, receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify("whsec-another-secret-0000", receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow));
        Assert.False(WebhookSignature.Verify(Secret, receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow.AddMinutes(6)));
        Assert.False(WebhookSignature.Verify(Secret, receipt.Id, receipt.Timestamp, receipt.Body + " ", receipt.Signature, DateTimeOffset.UtcNow));
        var body = JsonNode.Parse(receipt.Body)!;
        Assert.Equal("webhook.test", body["type"]!.GetValue<string>());
        Assert.Equal(sellerId, body["data"]!["sellerId"]!.GetValue<long>());
        Assert.True(DateTimeOffset.TryParse(body["timestamp"]!.GetValue<string>(), out _));
    }

    [Fact]
    public async Task An_event_whose_first_attempt_fails_is_retried_and_delivered_with_the_same_webhook_id_and_a_valid_signature()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, before) => before == 0 ? 500 : 200;
        var (_, sellerId, seller) = await SellerAsync(api, 1);
        await UpdateSettingsAsync(seller, receiver.Url());

        await EnqueueEventAsync(api, sellerId, "supplier_order.placed", new { orderId = "order-1", total = 12.5m });
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Answered == 200));

        Assert.Equal([500, 200], receipts.Select(r => r.Answered));
        Assert.Single(receipts.Select(r => r.Id).Distinct());
        Assert.All(receipts, r => Assert.True(WebhookSignature.Verify(Secret, r.Id, r.Timestamp, r.Body, r.Signature, DateTimeOffset.UtcNow)));
        Assert.Equal("order-1", JsonNode.Parse(receipts[1].Body)!["data"]!["orderId"]!.GetValue<string>());
        var delivery = await WaitForDeliveryAsync(seller, receipts[0].Id, d => d.Status() == "SUCCEEDED");
        Assert.Equal("supplier_order.placed", delivery["eventType"]!.GetValue<string>());
        Assert.Equal(2, delivery["attempts"]!.GetValue<int>());
        Assert.Equal(200, delivery["lastStatusCode"]!.GetValue<int>());
        Assert.NotNull(delivery["deliveredAt"]);
    }

    [Fact]
    public async Task An_endpoint_answering_410_is_disabled_until_the_seller_updates_its_url_and_then_a_redelivery_gets_through()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => 410;
        var (_, sellerId, seller) = await SellerAsync(api, 2);
        await UpdateSettingsAsync(seller, receiver.Url());

        var webhookId = (await SendTestAsync(seller))["delivery"]!["webhookId"]!.GetValue<string>();
        var failed = await WaitForDeliveryAsync(seller, webhookId, d => d.Status() == "FAILED");
        var settings = (await seller.PostGraphQLAsync("{ mySeller { settings { webhookStatus webhookDisabledAt webhookDisabledReason } } }")).DataOrFail()["mySeller"]!["settings"]!;
        var refused = await SendTestAsync(seller);

        Assert.Equal(410, failed["lastStatusCode"]!.GetValue<int>());
        Assert.Single(receiver.Receipts);
        Assert.Equal("DISABLED", settings["webhookStatus"]!.GetValue<string>());
        Assert.Contains("410", settings["webhookDisabledReason"]!.GetValue<string>());
        Assert.Equal("WEBHOOK_DISABLED", refused["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Contains(api.Logs.Entries, e => e.Message.Contains($"seller {sellerId} disabled"));

        receiver.Respond = (_, _) => 200;
        var enabled = await UpdateSettingsAsync(seller, receiver.Url(), secret: null);
        Assert.Equal("ACTIVE", enabled["seller"]!["settings"]!["webhookStatus"]!.GetValue<string>());
        var redelivered = (await seller.PostGraphQLAsync(
            "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { delivery { status } userErrors { code } } }", new { id = failed["id"]!.GetValue<string>() }))
            .DataOrFail()["redeliverWebhook"]!;
        Assert.Empty(redelivered["userErrors"]!.AsArray());
        Assert.Equal("PENDING", redelivered["delivery"]!["status"]!.GetValue<string>());
        var delivered = await WaitForDeliveryAsync(seller, webhookId, d => d.Status() == "SUCCEEDED");
        Assert.Equal(2, delivered["attempts"]!.GetValue<int>());
        Assert.Equal([webhookId, webhookId], receiver.Receipts.Select(r => r.Id));
    }

    [Fact]
    public async Task An_endpoint_failing_too_often_in_a_row_is_disabled_and_its_pending_deliveries_are_marked_disabled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = (_, _) => 500;
        var (_, sellerId, seller) = await SellerAsync(api, 3);
        await UpdateSettingsAsync(seller, receiver.Url());

        var webhookId = (await SendTestAsync(seller))["delivery"]!["webhookId"]!.GetValue<string>();
        var disabled = await WaitForDeliveryAsync(seller, webhookId, d => d.Status() == "DISABLED");
        var settings = (await seller.PostGraphQLAsync("{ mySeller { settings { webhookStatus webhookConsecutiveFailures } } }")).DataOrFail()["mySeller"]!["settings"]!;

        Assert.Equal(WebhookTestApi.DisableAfter, receiver.Receipts.Count);
        Assert.Equal(WebhookTestApi.DisableAfter, disabled["attempts"]!.GetValue<int>());
        Assert.Equal(500, disabled["lastStatusCode"]!.GetValue<int>());
        Assert.Equal("DISABLED", settings["webhookStatus"]!.GetValue<string>());
        Assert.Equal(WebhookTestApi.DisableAfter, settings["webhookConsecutiveFailures"]!.GetValue<int>());

        await EnqueueEventAsync(api, sellerId, "supplier_order.placed", new { orderId = "while-disabled" });
        await UntilAsync(async () => (await DeliveriesAsync(seller)).Count == 2);
        var held = (await DeliveriesAsync(seller))[0]!;
        Assert.Equal(("DISABLED", 0), (held.Status(), held["attempts"]!.GetValue<int>()));
        Assert.Equal(WebhookTestApi.DisableAfter, receiver.Receipts.Count);
    }

    [Fact]
    public async Task A_delivery_to_a_seller_without_a_secret_fails_unsent_and_asks_for_one()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (handle, _, seller) = await SellerAsync(api, 12);
        await UpdateSettingsAsync(seller, receiver.Url());
        await api.QueryDbAsync(db => db.Sellers.Where(s => s.Handle == handle).ExecuteUpdateAsync(set => set.SetProperty(s => s.Settings.WebhookSecret, (string?)null)));

        var webhookId = (await SendTestAsync(seller))["delivery"]!["webhookId"]!.GetValue<string>();
        var failed = await WaitForDeliveryAsync(seller, webhookId, d => d.Status() == "FAILED");

        Assert.Equal(0, failed["attempts"]!.GetValue<int>());
        Assert.Contains("secret", failed["lastError"]!.GetValue<string>());
        Assert.Empty(receiver.Receipts);
    }

    [Fact]
    public async Task Redelivering_a_delivered_webhook_sends_it_again_under_the_same_webhook_id_and_a_pending_one_is_refused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, _, seller) = await SellerAsync(api, 4);
        await UpdateSettingsAsync(seller, receiver.Url());
        var webhookId = (await SendTestAsync(seller))["delivery"]!["webhookId"]!.GetValue<string>();
        var first = await WaitForDeliveryAsync(seller, webhookId, d => d.Status() == "SUCCEEDED");
        receiver.Delay = TimeSpan.FromSeconds(1);

        const string Redeliver = "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { delivery { status } userErrors { code } } }";
        var again = (await seller.PostGraphQLAsync(Redeliver, new { id = first["id"]!.GetValue<string>() })).DataOrFail()["redeliverWebhook"]!;
        var twice = (await seller.PostGraphQLAsync(Redeliver, new { id = first["id"]!.GetValue<string>() })).DataOrFail()["redeliverWebhook"]!;
        var delivered = await WaitForDeliveryAsync(seller, webhookId, d => d.Status() == "SUCCEEDED" && d["attempts"]!.GetValue<int>() == 2);

        Assert.Empty(again["userErrors"]!.AsArray());
        Assert.Equal("WEBHOOK_DELIVERY_PENDING", twice["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal([webhookId, webhookId], receiver.Receipts.Select(r => r.Id));
        Assert.Equal(first["payload"]!.GetValue<string>(), delivered["payload"]!.GetValue<string>());
        Assert.Equal(receiver.Receipts[0].Body, receiver.Receipts[1].Body);
    }

    [Fact]
    public async Task A_seller_sees_and_redelivers_only_its_own_deliveries_and_an_admin_sees_any_sellers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (_, ownerId, owner) = await SellerAsync(api, 5);
        var (_, _, other) = await SellerAsync(api, 6);
        await UpdateSettingsAsync(owner, receiver.Url());
        var webhookId = (await SendTestAsync(owner))["delivery"]!["webhookId"]!.GetValue<string>();
        var delivery = await WaitForDeliveryAsync(owner, webhookId, d => d.Status() == "SUCCEEDED");
        var id = delivery["id"]!.GetValue<string>();
        var ownerGlobalId = Marketplace.Api.GraphQL.Relay.GlobalId.Encode("Seller", ownerId);

        var othersList = await DeliveriesAsync(other);
        var othersForOwner = await other.PostGraphQLAsync("query($s: ID) { webhookDeliveries(sellerId: $s) { edges { node { id } } } }", new { s = ownerGlobalId });
        var othersNode = (await other.PostGraphQLAsync("query($id: ID!) { node(id: $id) { id } }", new { id })).DataOrFail()["node"];
        var othersRedeliver = (await other.PostGraphQLAsync("mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { userErrors { code } } }", new { id }))
            .DataOrFail()["redeliverWebhook"]!;
        using var anonymous = api.CreateClient();
        var anonymousList = await anonymous.PostGraphQLAsync("{ webhookDeliveries { edges { node { id } } } }");
        using var admin = api.CreateClient(api.AdminToken());
        var adminList = (await admin.PostGraphQLAsync("query($s: ID) { webhookDeliveries(sellerId: $s) { edges { node { id } } } }", new { s = ownerGlobalId }))
            .DataOrFail()["webhookDeliveries"]!["edges"]!.AsArray();

        Assert.DoesNotContain(othersList, d => d!["id"]!.GetValue<string>() == id);
        Assert.Equal("FORBIDDEN", othersForOwner.FirstErrorCode);
        Assert.Null(othersNode);
        Assert.Equal("WEBHOOK_DELIVERY_NOT_FOUND", othersRedeliver["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal("UNAUTHENTICATED", anonymousList.FirstErrorCode);
        Assert.Contains(adminList, e => e!["node"]!["id"]!.GetValue<string>() == id);
        Assert.Single(receiver.Receipts);
    }

    [Fact]
    public async Task Events_for_a_seller_without_a_webhook_url_are_dropped_and_a_test_asks_for_a_url()
    {
        var (_, sellerId, seller) = await SellerAsync(api, 7);
        await UpdateSettingsAsync(seller, "");

        await EnqueueEventAsync(api, sellerId, "supplier_order.placed", new { orderId = "nobody-listens" });
        await UntilAsync(() => api.QueryDbAsync(async db => !await db.OutboxMessages.AnyAsync(m => m.Topic == WebhookEvents.Topic)));
        var test = await SendTestAsync(seller);

        Assert.Empty(await DeliveriesAsync(seller));
        Assert.Equal("WEBHOOK_NOT_CONFIGURED", test["userErrors"]![0]!["code"]!.GetValue<string>());
    }
}
