using System.Security.Cryptography;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Marketplace.Api.Tests.Webhooks.WebhookTesting;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>Two API instances over one PostgreSQL database draining the same webhook deliveries.</summary>
public sealed class WebhookMultiInstanceTests : IDisposable
{
    private static readonly string SharedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    private readonly List<IDisposable> owned = [];
    private readonly string keysDirectory = Directory.CreateTempSubdirectory("marketplace-keys-").FullName;

    public WebhookMultiInstanceTests() => Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);

    private sealed class Instance(TestDatabase database, string keysDirectory) : MarketplaceApiFactory(database)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(WebhookTesting.Settings)
        {
            ["Auth:SigningKey"] = SharedKey,
            // Both must read the secrets the other protected.
            ["DataProtection:KeysDirectory"] = keysDirectory,
            ["Webhooks:DisableAfterConsecutiveFailures"] = "1000",
            ["Webhooks:RetryBaseSeconds"] = "0.05",
        };
    }

    public void Dispose()
    {
        owned.ForEach(d => d.Dispose());
        try { Directory.Delete(keysDirectory, recursive: true); } catch (IOException) { }
    }

    [SkippableFact]
    public async Task Two_instances_draining_a_burst_never_send_one_delivery_twice_at_once_and_retry_each_under_its_webhook_id()
    {
        var database = PostgresTestDatabase.Create();
        owned.Insert(0, database);
        var a = new Instance(database, keysDirectory);
        var b = new Instance(database, keysDirectory);
        owned.Insert(0, a);
        owned.Insert(0, b);
        _ = b.Services; // started, so its workers compete from the first event
        await using var receiver = await WebhookReceiver.StartAsync();
        // Slow enough that a second sender of the same delivery would overlap; each delivery fails once, then succeeds.
        receiver.Delay = TimeSpan.FromMilliseconds(30);
        receiver.Respond = (_, before) => before == 0 ? 503 : 200;
        var (_, sellerId, seller) = await SellerAsync(a, 11);
        Assert.Empty((await UpdateSettingsAsync(seller, receiver.Url()))["userErrors"]!.AsArray());

        const int Events = 50;
        await Task.WhenAll(Enumerable.Range(0, Events).Select(i => EnqueueEventAsync(i % 2 == 0 ? a : b, sellerId, "supplier_order.placed", new { orderId = $"burst-{i}" })));
        var receipts = await receiver.WaitForAsync(r => r.Count(x => x.Answered == 200) >= Events);
        await UntilAsync(() => a.QueryDbAsync(db => db.WebhookDeliveries.Where(d => d.SellerId == sellerId).AllAsync(d => d.Status == WebhookDeliveryStatus.Succeeded)));
        receipts = receiver.Receipts;

        // Both instances send (a run split them 46/54); together exactly one failed and one good attempt per delivery.
        int Sent(MarketplaceApiFactory api) => api.Logs.Entries.Count(e => e.Category == typeof(WebhookSender).FullName && e.Message.StartsWith("Webhook msg_"));
        Assert.Equal(2 * Events, Sent(a) + Sent(b));
        Assert.Equal(1, receiver.MaxInFlightPerId);
        Assert.Equal(Events, receipts.Select(r => r.Id).Distinct().Count());
        Assert.All(receipts.GroupBy(r => r.Id), g => Assert.Equal([503, 200], g.Select(r => r.Answered)));
        Assert.Equal(Events, await a.QueryDbAsync(db => db.WebhookDeliveries.CountAsync(d => d.SellerId == sellerId && d.Attempts == 2)));
        Assert.Equal(Events, receipts.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!["data"]!["orderId"]!.GetValue<string>()).Distinct().Count());
        Assert.All(receipts, r => Assert.True(WebhookSignature.Verify(Secret, r.Id, r.Timestamp, r.Body, r.Signature, DateTimeOffset.UtcNow)));
    }
}
