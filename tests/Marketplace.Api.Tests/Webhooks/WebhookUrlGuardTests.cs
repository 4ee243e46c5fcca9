using Marketplace.Api.Infrastructure;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Marketplace.Api.Tests.Webhooks.WebhookTesting;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>The API as in production: https only, and no webhooks into loopback or private networks.</summary>
public sealed class GuardedWebhookApi : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:AllowPrivateNetworks"] = "false",
        ["Webhooks:AllowHttp"] = "false",
        ["Webhooks:RetryBaseSeconds"] = "0.2",
        ["Outbox:PollMilliseconds"] = "50",
    };
}

public sealed class WebhookUrlGuardTests(GuardedWebhookApi api) : IClassFixture<GuardedWebhookApi>
{
    [Theory]
    [InlineData("https://127.0.0.1/hooks")]
    [InlineData("https://localhost:8443/hooks")]
    [InlineData("https://10.1.2.3/hooks")]
    [InlineData("https://172.20.0.1/hooks")]
    [InlineData("https://192.168.1.10/hooks")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://[::1]/hooks")]
    [InlineData("https://[fd00::1]/hooks")]
    [InlineData("https://[::ffff:10.0.0.1]/hooks")]
    [InlineData("https://0.0.0.0/hooks")]
    [InlineData("https://224.0.0.1/hooks")]
    [InlineData("http://example.test/hooks")]
    public async Task A_webhook_url_that_is_not_https_or_points_into_a_private_network_is_refused_in_settings(string url)
    {
        var (handle, _, seller) = await SellerAsync(api, 8);

        var payload = await UpdateSettingsAsync(seller, url);

        Assert.Equal("WEBHOOK_URL_NOT_ALLOWED", payload["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["input", "webhookUrl"], payload["userErrors"]![0]!["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.NotEqual(url, await api.QueryDbAsync(db => db.Sellers.Where(s => s.Handle == handle).Select(s => s.Settings.WebhookUrl).SingleAsync()));
    }

    [Fact]
    public async Task A_public_https_url_is_accepted()
    {
        var (_, _, seller) = await SellerAsync(api, 9);

        var payload = await UpdateSettingsAsync(seller, "https://hooks.example.test/marketplace");

        Assert.Empty(payload["userErrors"]!.AsArray());
    }

    [Fact]
    public async Task A_stored_url_that_leads_into_a_private_network_is_refused_at_send_time_and_nothing_reaches_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (handle, _, seller) = await SellerAsync(api, 10);
        // As if the name had resolved to a public address when it was set, and to loopback now (DNS rebinding).
        var secret = api.Services.GetRequiredService<WebhookSecrets>().Protect(Secret);
        await api.QueryDbAsync(db => db.Sellers.Where(s => s.Handle == handle).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Settings.WebhookUrl, receiver.Url())
            .SetProperty(s => s.Settings.WebhookSecret, secret)));

        var webhookId = (await SendTestAsync(seller))["delivery"]!["webhookId"]!.GetValue<string>();
        var refused = await WaitForDeliveryAsync(seller, webhookId, d => d["attempts"]!.GetValue<int>() >= 1);

        Assert.Contains("Refused to connect", refused["lastError"]!.GetValue<string>());
        Assert.Null(refused["lastStatusCode"]);
        Assert.Empty(receiver.Receipts);
    }
}
