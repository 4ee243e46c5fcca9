using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Subscriptions;

/// <summary>Events raised with SubscriptionEvents.PublishAsync in a committed transaction, heard over the socket.</summary>
public sealed class SellerNotificationTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Notifications = "subscription { sellerNotifications { name data at } }";

    private async Task<(string Handle, long Id)[]> TwoSellersAsync(int skip)
    {
        var sellers = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id)
            .Skip(skip).Take(2).Select(s => new { s.Handle, s.Id }).ToListAsync());
        return [.. sellers.Select(s => (s.Handle, s.Id))];
    }

    [Fact]
    public async Task A_seller_hears_its_own_events_and_not_another_sellers()
    {
        var sellers = await TwoSellersAsync(skip: 2);
        var (mine, other) = (sellers[0], sellers[1]);
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(mine.Handle));
        await client.SubscribeAsync("mine", Notifications);
        await GraphQLWsClient.WaitForListenersAsync(api, 1);

        await GraphQLWsClient.PublishAsync(api, "supplierOrderPlaced", other.Id, new { supplierOrderId = 1 });
        await GraphQLWsClient.PublishAsync(api, "supplierOrderPlaced", mine.Id, new { supplierOrderId = 2 });
        var next = await client.ReceiveAsync();

        Assert.Equal(("next", "mine"), (next["type"]!.GetValue<string>(), next["id"]!.GetValue<string>()));
        var notification = next["payload"]!["data"]!["sellerNotifications"]!;
        Assert.Equal("supplierOrderPlaced", notification["name"]!.GetValue<string>());
        Assert.Equal("""{"supplierOrderId":2}""", notification["data"]!.GetValue<string>());
    }

    [Fact]
    public async Task Complete_from_the_client_stops_the_stream()
    {
        var seller = (await TwoSellersAsync(skip: 4))[0];
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(seller.Handle));
        await client.SubscribeAsync("s", Notifications);
        await GraphQLWsClient.WaitForListenersAsync(api, 1);
        await GraphQLWsClient.PublishAsync(api, "first", seller.Id, new { n = 1 });
        Assert.Equal("next", (await client.ReceiveAsync())["type"]!.GetValue<string>());

        await client.SendAsync(new { id = "s", type = "complete" });
        await WaitForNoListenersAsync();
        await GraphQLWsClient.PublishAsync(api, "second", seller.Id, new { n = 2 });
        // Give the event time to arrive were the stream still open, then check that a pong is the next thing heard.
        await Task.Delay(500);
        await client.SendAsync(new { type = "ping" });

        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Closing_the_socket_detaches_its_subscriptions()
    {
        var seller = (await TwoSellersAsync(skip: 6))[0];
        var client = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(seller.Handle));
        await client.SubscribeAsync("s", Notifications);
        await GraphQLWsClient.WaitForListenersAsync(api, 1);

        await client.DisposeAsync();

        await WaitForNoListenersAsync();
    }

    private async Task WaitForNoListenersAsync()
    {
        var hub = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Marketplace.Api.GraphQL.Subscriptions.SubscriptionHub>(api.Services);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (hub.ListenerCount > 0) await Task.Delay(10, timeout.Token);
    }
}
