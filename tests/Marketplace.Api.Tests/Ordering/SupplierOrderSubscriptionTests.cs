using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Subscriptions;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Ordering;

/// <summary>A seller's live dashboard: an order placed over HTTP reaches the seller's socket through the outbox.</summary>
public sealed class SupplierOrderSubscriptionTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task A_placed_order_reaches_the_sellers_supplier_order_placed_subscription()
    {
        var offers = await api.OffersAsync(firstSeller: 3, sellers: 1, stock: 5, slot: 7);
        var sellerId = offers[0].SellerId;
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Id == sellerId).Select(s => s.Handle).SingleAsync());
        await using var seller = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(handle));
        await seller.SubscribeAsync("placed", "subscription { supplierOrderPlaced { id status lines { sku quantity } } }");
        await GraphQLWsClient.WaitForListenersAsync(api, 1);

        using var buyer = api.CreateClient(api.BuyerToken("subscription-buyer"));
        var cartId = await buyer.FillCartAsync(offers, quantity: 2);
        var placed = (await buyer.PlaceOrderAsync(cartId, "sub-1"))["order"]!;
        var next = await seller.ReceiveAsync();

        var supplierOrder = next["payload"]!["data"]!["supplierOrderPlaced"]!;
        Assert.Equal(placed["parts"]![0]!["id"]!.GetValue<string>(), supplierOrder["id"]!.GetValue<string>());
        Assert.Equal("PLACED", supplierOrder["status"]!.GetValue<string>());
        Assert.Equal(offers[0].Sku, supplierOrder["lines"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal(2, supplierOrder["lines"]![0]!["quantity"]!.GetValue<int>());
    }
}
