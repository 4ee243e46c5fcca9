using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Ordering;

public sealed class FulfilmentTests(OrderingApiFactory api) : IClassFixture<OrderingApiFactory>
{
    private const string PartFields = "supplierOrder { id status paymentState carrier trackingNumber } userErrors { code }";

    private async Task<(JsonNode Order, List<Offer> Offers, HttpClient Buyer)> OrderAsync(string buyer, int firstSeller, int sellers, int slot = 0)
    {
        var offers = await api.OffersAsync(firstSeller, sellers, stock: 10, slot);
        var client = api.CreateClient(api.BuyerToken(buyer));
        var cartId = await client.FillCartAsync(offers, quantity: 3);
        var payload = await client.PlaceOrderAsync(cartId, $"{buyer}-key", $$"""{type: TEST_CARD, cardNumber: "4242 4242 4242 4242"}""");
        Assert.Empty(payload.Codes());
        return (payload["order"]!, offers, client);
    }

    private static async Task<JsonNode> ActAsync(HttpClient seller, string mutation, string id, string extra = "") =>
        (await seller.PostGraphQLAsync($$"""mutation($id: ID!) { {{mutation}}(input: {supplierOrderId: $id{{extra}}}) { {{PartFields}} } }""", new { id }))
            .DataOrFail()[mutation]!;

    private static async Task<string> OverallAsync(HttpClient buyer, string orderId) =>
        (await buyer.PostGraphQLAsync("query($id: ID!) { order(id: $id) { status } }", new { id = orderId })).DataOrFail()["order"]!["status"]!.GetValue<string>();

    private Task<long> SellerOfAsync(string partId)
    {
        var id = long.Parse(partId.Split('/')[^1]);
        return api.QueryDbAsync(db => db.SupplierOrders.Where(p => p.Id == id).Select(p => p.SellerId).SingleAsync());
    }

    [Fact]
    public async Task A_supplier_order_moves_from_placed_to_accepted_shipped_and_delivered()
    {
        var (order, offers, buyer) = await OrderAsync("happy-buyer", firstSeller: 0, sellers: 2);
        using var _ = buyer;
        var partId = order["parts"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).First();
        var sellerId = await SellerOfAsync(partId);
        using var seller = await api.SellerClientAsync(sellerId);
        var orderId = order["id"]!.GetValue<string>();

        var accepted = await ActAsync(seller, "acceptSupplierOrder", partId);
        var shipped = await ActAsync(seller, "shipSupplierOrder", partId, """, carrier: "UPS", trackingNumber: "1Z999" """);
        var afterShip = await OverallAsync(buyer, orderId);
        var delivered = await ActAsync(seller, "markSupplierOrderDelivered", partId);

        Assert.Equal("ACCEPTED", accepted["supplierOrder"]!["status"]!.GetValue<string>());
        Assert.Equal("SHIPPED", shipped["supplierOrder"]!["status"]!.GetValue<string>());
        Assert.Equal("CAPTURED", shipped["supplierOrder"]!["paymentState"]!.GetValue<string>());
        Assert.Equal("1Z999", shipped["supplierOrder"]!["trackingNumber"]!.GetValue<string>());
        Assert.Equal("PARTIALLY_SHIPPED", afterShip);
        Assert.Equal("DELIVERED", delivered["supplierOrder"]!["status"]!.GetValue<string>());
        var types = await api.QueryDbAsync(db => db.OutboxMessages.Where(m => m.Topic == Api.Infrastructure.Webhooks.WebhookEvents.Topic).Select(m => m.Payload).ToListAsync());
        Assert.Contains(types, t => t.Contains("supplier_order.shipped") && t.Contains(partId));
        Assert.Contains(types, t => t.Contains("supplier_order.delivered") && t.Contains(partId));
    }

    [Fact]
    public async Task Shipping_before_accepting_is_an_invalid_transition()
    {
        var (order, offers, buyer) = await OrderAsync("early-shipper-buyer", firstSeller: 2, sellers: 1);
        using var _ = buyer;
        using var seller = await api.SellerClientAsync(offers[0].SellerId);
        var partId = order["parts"]![0]!["id"]!.GetValue<string>();

        var shipped = await ActAsync(seller, "shipSupplierOrder", partId, """, carrier: "UPS", trackingNumber: "1Z1" """);
        var delivered = await ActAsync(seller, "markSupplierOrderDelivered", partId);

        Assert.Equal(["INVALID_TRANSITION"], shipped.Codes());
        Assert.Equal(["INVALID_TRANSITION"], delivered.Codes());
    }

    [Fact]
    public async Task Rejecting_a_supplier_order_returns_its_stock()
    {
        var (order, offers, buyer) = await OrderAsync("rejected-buyer", firstSeller: 3, sellers: 1);
        using var _ = buyer;
        using var seller = await api.SellerClientAsync(offers[0].SellerId);
        Assert.Equal(7, await api.StockAsync(offers[0].Id));

        var rejected = await ActAsync(seller, "rejectSupplierOrder", order["parts"]![0]!["id"]!.GetValue<string>(), """, reason: "Out of stock in the warehouse" """);

        Assert.Equal("REJECTED", rejected["supplierOrder"]!["status"]!.GetValue<string>());
        Assert.Equal(10, await api.StockAsync(offers[0].Id));
        Assert.Equal("CANCELLED", await OverallAsync(buyer, order["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Cancelling_an_order_cancels_every_part_and_returns_the_stock()
    {
        var (order, offers, buyer) = await OrderAsync("cancelling-buyer", firstSeller: 4, sellers: 2);
        using var _ = buyer;

        var cancelled = (await buyer.PostGraphQLAsync("mutation($id: ID!) { cancelOrder(input: {orderId: $id}) { order { status parts { status } } userErrors { code } } }",
            new { id = order["id"]!.GetValue<string>() })).DataOrFail()["cancelOrder"]!;

        Assert.Equal("CANCELLED", cancelled["order"]!["status"]!.GetValue<string>());
        Assert.All(cancelled["order"]!["parts"]!.AsArray(), p => Assert.Equal("CANCELLED", p!["status"]!.GetValue<string>()));
        foreach (var offer in offers) Assert.Equal(10, await api.StockAsync(offer.Id));
    }

    [Fact]
    public async Task An_order_with_a_shipped_part_cannot_be_cancelled()
    {
        var (order, offers, buyer) = await OrderAsync("late-canceller", firstSeller: 6, sellers: 2);
        using var _ = buyer;
        var partId = order["parts"]![0]!["id"]!.GetValue<string>();
        var sellerId = await SellerOfAsync(partId);
        using var seller = await api.SellerClientAsync(sellerId);
        await ActAsync(seller, "acceptSupplierOrder", partId);
        await ActAsync(seller, "shipSupplierOrder", partId, """, carrier: "DHL", trackingNumber: "JD1" """);

        var cancelled = (await buyer.PostGraphQLAsync("mutation($id: ID!) { cancelOrder(input: {orderId: $id}) { userErrors { code } } }",
            new { id = order["id"]!.GetValue<string>() })).DataOrFail()["cancelOrder"]!;

        Assert.Equal(["INVALID_TRANSITION"], cancelled.Codes());
    }

    [Fact]
    public async Task A_seller_cannot_see_another_sellers_supplier_order()
    {
        var (order, offers, buyer) = await OrderAsync("two-seller-buyer", firstSeller: 8, sellers: 2);
        using var _ = buyer;
        using var sellerA = await api.SellerClientAsync(offers[0].SellerId);
        var orderId = long.Parse(order["id"]!.GetValue<string>().Split('/')[^1]);
        var partOfB = "gid://marketplace/SupplierOrder/" + await api.QueryDbAsync(db =>
            db.SupplierOrders.Where(p => p.OrderId == orderId && p.SellerId == offers[1].SellerId).Select(p => p.Id).SingleAsync());

        var response = await sellerA.PostGraphQLAsync("query($id: ID!) { supplierOrder(id: $id) { id } }", new { id = partOfB });
        var own = (await sellerA.PostGraphQLAsync("{ supplierOrders(first: 10) { nodes { id shippingAddress { city } lines { sku } } } }")).DataOrFail();
        var accepted = await ActAsync(sellerA, "acceptSupplierOrder", partOfB);

        Assert.Equal("NOT_FOUND", response.FirstErrorCode);
        Assert.DoesNotContain(own["supplierOrders"]!["nodes"]!.AsArray(), n => n!["id"]!.GetValue<string>() == partOfB);
        Assert.All(own["supplierOrders"]!["nodes"]!.AsArray(), n => Assert.Equal("Boise", n!["shippingAddress"]!["city"]!.GetValue<string>()));
        Assert.Equal(["SUPPLIER_ORDER_NOT_FOUND"], accepted.Codes());
    }

    [Fact]
    public async Task A_buyer_cannot_see_another_buyers_order_but_an_admin_can()
    {
        var (order, _, buyer) = await OrderAsync("private-buyer", firstSeller: 10, sellers: 1);
        using var __ = buyer;
        using var other = api.CreateClient(api.BuyerToken("nosy-buyer"));
        using var admin = api.CreateClient(api.AdminToken());
        var id = order["id"]!.GetValue<string>();

        var refused = await other.PostGraphQLAsync("query($id: ID!) { order(id: $id) { id } }", new { id });
        var node = (await other.PostGraphQLAsync("query($id: ID!) { node(id: $id) { id } }", new { id })).DataOrFail();
        var nosyList = (await other.PostGraphQLAsync("{ orders(first: 10) { nodes { id } } }")).DataOrFail();
        var seen = (await admin.PostGraphQLAsync("query($id: ID!) { order(id: $id) { id } }", new { id })).DataOrFail();

        Assert.Equal("NOT_FOUND", refused.FirstErrorCode);
        Assert.Null(node["node"]);
        Assert.Empty(nosyList["orders"]!["nodes"]!.AsArray());
        Assert.Equal(id, seen["order"]!["id"]!.GetValue<string>());
    }
}
