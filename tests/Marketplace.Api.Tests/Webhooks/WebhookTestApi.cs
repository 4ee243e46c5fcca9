using System.Text.Json.Nodes;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>The API with webhooks allowed to loopback (the test receiver), quick retries and an early disable.</summary>
public sealed class WebhookTestApi : MarketplaceApiFactory
{
    public const int DisableAfter = 3;

    protected override IDictionary<string, string?> Settings => WebhookTesting.Settings;
}

/// <summary>The same over a PostgreSQL database of its own.</summary>
public sealed class PostgresWebhookTestApi : PostgresMarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => WebhookTesting.Settings;
}

public static class WebhookTesting
{
    public const string Secret = "whsec-test-0123456789abcdef";

    public static Dictionary<string, string?> Settings => new()
    {
        ["Webhooks:AllowPrivateNetworks"] = "true",
        ["Webhooks:RetryBaseSeconds"] = "0.2",
        ["Webhooks:DisableAfterConsecutiveFailures"] = WebhookTestApi.DisableAfter.ToString(),
        ["Outbox:PollMilliseconds"] = "50",
    };

    /// <summary>The handle and a signed-in client of the n-th seller of the demo marketplace, so tests do not share one.</summary>
    public static async Task<(string Handle, long Id, HttpClient Client)> SellerAsync(MarketplaceApiFactory api, int index)
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.OrderBy(s => s.Id).Skip(index).Select(s => s.Handle).FirstAsync());
        return (handle, await api.SellerIdAsync(handle), api.CreateClient(await api.SellerTokenAsync(handle)));
    }

    public static async Task<JsonNode> UpdateSettingsAsync(HttpClient seller, string? url, string? secret = Secret)
    {
        var response = await seller.PostGraphQLAsync(
            """
            mutation($input: SellerSettingsInput!) { updateSellerSettings(input: $input) {
              seller { settings { webhookUrl webhookStatus webhookConsecutiveFailures } } userErrors { code field message } } }
            """, new { input = new { webhookUrl = url, webhookSecret = secret } });
        return response.DataOrFail()["updateSellerSettings"]!;
    }

    public static async Task<JsonNode> SendTestAsync(HttpClient seller)
    {
        var response = await seller.PostGraphQLAsync("mutation { sendTestWebhook { delivery { id webhookId status } userErrors { code message } } }");
        return response.DataOrFail()["sendTestWebhook"]!;
    }

    public const string DeliveryFields = "id webhookId eventType status attempts lastStatusCode lastError nextAttemptAt deliveredAt payload";

    public static async Task<JsonArray> DeliveriesAsync(HttpClient client, string? status = null)
    {
        var response = await client.PostGraphQLAsync(
            $"query($status: WebhookDeliveryStatus) {{ webhookDeliveries(status: $status, first: 100) {{ edges {{ node {{ {DeliveryFields} }} }} }} }}",
            new { status });
        return new JsonArray([.. response.DataOrFail()["webhookDeliveries"]!["edges"]!.AsArray().Select(e => e!["node"]!.DeepClone())]);
    }

    /// <summary>Polls the delivery through GraphQL (at most 30 s) until it satisfies the condition.</summary>
    public static async Task<JsonNode> WaitForDeliveryAsync(HttpClient client, string webhookId, Func<JsonNode, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        JsonNode? last = null;
        while (true)
        {
            last = (await DeliveriesAsync(client)).FirstOrDefault(d => d!["webhookId"]!.GetValue<string>() == webhookId);
            if (last is not null && condition(last)) return last;
            try
            {
                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Delivery {webhookId} did not reach the expected state; last seen: {last?.ToJsonString()}");
            }
        }
    }

    /// <summary>Queues an event as the ordering feature does, in a transaction of its own.</summary>
    public static Task EnqueueEventAsync(MarketplaceApiFactory api, long sellerId, string type, object data) =>
        api.QueryDbAsync(db => db.InTransactionAsync(async ct =>
        {
            await WebhookEvents.EnqueueAsync(db, sellerId, type, data, DateTime.UtcNow, ct);
            return true;
        }, CancellationToken.None));

    /// <summary>Polls a condition (no fixed sleep), failing after 30 s.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition()) await Task.Delay(20, timeout.Token);
    }

    public static string Status(this JsonNode delivery) => delivery["status"]!.GetValue<string>();
}
