using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Webhooks;

namespace Marketplace.Api.Tests.Ordering;

/// <summary>An order committed just before the process stops still reaches its seller, signed, after the restart.</summary>
public sealed class OrderDeliveryAfterRestartTests : IAsyncLifetime
{
    private WebhookReceiver receiver = null!;
    private readonly List<MarketplaceApiFactory> hosts = [];

    public async Task InitializeAsync() => receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(hosts)) host.Dispose();
        await receiver.DisposeAsync();
    }

    /// <summary>The process that stops: it commits orders, but its outbox workers never run.</summary>
    private sealed class Stopping : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(WebhookTesting.Settings) { ["Outbox:Enabled"] = "false" };
    }

    private sealed class Restarted(MarketplaceApiFactory stopped) : MarketplaceApiFactory(stopped)
    {
        protected override IDictionary<string, string?> Settings => WebhookTesting.Settings;
    }

    [Fact]
    public async Task A_supplier_order_committed_before_the_process_stopped_is_delivered_by_the_restarted_one()
    {
        var stopping = new Stopping { KeepDataOnDispose = true };
        hosts.Add(stopping);
        var offers = await stopping.OffersAsync(firstSeller: 2, sellers: 1, stock: 5, slot: 3);
        var sellerIndex = await stopping.QueryDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Sellers, s => s.Id < offers[0].SellerId));
        var (_, _, seller) = await WebhookTesting.SellerAsync(stopping, sellerIndex);
        Assert.Empty((await WebhookTesting.UpdateSettingsAsync(seller, receiver.Url()))["userErrors"]!.AsArray());
        using var buyer = stopping.CreateClient(stopping.BuyerToken("restart-buyer"));
        var cartId = await buyer.FillCartAsync(offers);
        var part = (await buyer.PlaceOrderAsync(cartId, "restart-1"))["order"]!["parts"]![0]!["id"]!.GetValue<string>();
        stopping.Dispose();
        Assert.Empty(receiver.Receipts);

        hosts.Add(new Restarted(stopping));
        _ = hosts[^1].Server;
        var receipts = await receiver.WaitForAsync(r => r.Any(x => x.Body.Contains(part, StringComparison.Ordinal)));

        var receipt = receipts.Single(x => x.Body.Contains(part, StringComparison.Ordinal));
        Assert.Contains("\"supplier_order.placed\"", receipt.Body);
        Assert.True(WebhookSignature.Verify(WebhookTesting.Secret, receipt.Id, receipt.Timestamp, receipt.Body, receipt.Signature, DateTimeOffset.UtcNow));
    }
}
