using Marketplace.Api.Catalog;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.GraphQL.Subscriptions;
using Marketplace.Api.Infrastructure.Webhooks;
using Marketplace.Api.Ordering;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Ordering;

public sealed class CheckoutTests(OrderingApiFactory api) : IClassFixture<OrderingApiFactory>
{
    [Fact]
    public async Task A_cart_of_three_sellers_becomes_three_supplier_orders_with_their_own_totals()
    {
        var offers = await api.OffersAsync(firstSeller: 0, sellers: 3, stock: 20);
        using var client = api.CreateClient(api.BuyerToken("three-seller-buyer"));
        var cartId = await client.FillCartAsync(offers, quantity: 2);

        var payload = await client.PlaceOrderAsync(cartId, "split-1");

        Assert.Empty(payload.Codes());
        var orderId = long.Parse(payload["order"]!["id"]!.GetValue<string>().Split('/')[^1]);
        var order = await api.QueryDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Parts).ThenInclude(p => p.Lines).SingleAsync(o => o.Id == orderId));
        Assert.Equal(3, order.Parts.Count);
        foreach (var offer in offers)
        {
            var part = order.Parts.Single(p => p.SellerId == offer.SellerId);
            var seller = await api.QueryDbAsync(db => db.Sellers.AsNoTracking().Include(s => s.ShippingRates).SingleAsync(s => s.Id == offer.SellerId));
            var subtotal = offer.PriceMinor * 2;
            var shipping = CartPricing.Shipping(seller.ShippingRates, subtotal, "US")!.Value;
            var commission = (subtotal * seller.CommissionBps + 5_000) / 10_000;
            Assert.Equal(subtotal, part.SubtotalMinor);
            Assert.Equal(shipping, part.ShippingMinor);
            Assert.Equal(commission, part.CommissionMinor);
            Assert.Equal(subtotal + shipping - commission, part.PayoutMinor);
            Assert.Equal(offer.Sku, Assert.Single(part.Lines).Sku);
            Assert.Equal(18, await api.StockAsync(offer.Id));
        }
        Assert.Equal(order.Parts.Sum(p => p.TotalMinor), order.TotalMinor);
        Assert.Equal("PLACED", payload["order"]!["status"]!.GetValue<string>());
        Assert.Equal(0, await api.QueryDbAsync(db => db.CartLines.CountAsync(l => l.CartId == order.CartId)));
    }

    [Fact]
    public async Task Placing_an_order_queues_a_webhook_and_a_subscription_event_for_each_seller()
    {
        var offers = await api.OffersAsync(firstSeller: 3, sellers: 2, stock: 20);
        using var client = api.CreateClient(api.BuyerToken("outbox-buyer"));
        var cartId = await client.FillCartAsync(offers);

        var payload = await client.PlaceOrderAsync(cartId, "outbox-1");

        var partIds = payload["order"]!["parts"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToHashSet();
        var rows = await api.QueryDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.Topic == WebhookEvents.Topic || m.Topic == SubscriptionEvents.Topic).ToListAsync());
        var webhooks = rows.Where(m => m.Topic == WebhookEvents.Topic).Select(Outbox.Read<WebhookEvents.WebhookEvent>)
            .Where(e => e.Type == "supplier_order.placed" && partIds.Contains(e.Data.GetProperty("supplierOrderId").GetString()!)).ToList();
        var events = rows.Where(m => m.Topic == SubscriptionEvents.Topic).Select(Outbox.Read<SubscriptionEvents.SubscriptionEvent>)
            .Where(e => e.Name == "supplierOrderPlaced" && partIds.Contains(e.Data.GetProperty("supplierOrderId").GetString()!)).ToList();
        Assert.Equal(offers.Select(o => o.SellerId).Order(), webhooks.Select(w => w.SellerId).Order());
        Assert.Equal(offers.Select(o => o.SellerId.ToString()).Order(), events.Select(e => e.Key).Order());
    }

    [Fact]
    public async Task A_declined_card_leaves_no_order_and_no_reserved_stock()
    {
        var offers = await api.OffersAsync(firstSeller: 5, sellers: 2, stock: 7);
        using var client = api.CreateClient(api.BuyerToken("declined-buyer"));
        var cartId = await client.FillCartAsync(offers);

        var payload = await client.PlaceOrderAsync(cartId, "declined-1", $$"""{type: TEST_CARD, cardNumber: "{{TestCardPaymentProvider.Declines}}"}""");

        Assert.Equal(["PAYMENT_DECLINED"], payload.Codes());
        Assert.Null(payload["order"]);
        Assert.Equal(0, await api.QueryDbAsync(db => db.Orders.CountAsync(o => o.BuyerId == "declined-buyer")));
        foreach (var offer in offers) Assert.Equal(7, await api.StockAsync(offer.Id));
        var retried = await client.PlaceOrderAsync(cartId, "declined-2", $$"""{type: TEST_CARD, cardNumber: "{{TestCardPaymentProvider.Approves}}"}""");
        Assert.Empty(retried.Codes());
    }

    [Fact]
    public async Task A_card_that_fails_transiently_orders_nothing_and_says_to_retry()
    {
        var offers = await api.OffersAsync(firstSeller: 7, sellers: 1, stock: 7);
        using var client = api.CreateClient(api.BuyerToken("transient-buyer"));
        var cartId = await client.FillCartAsync(offers);

        var payload = await client.PlaceOrderAsync(cartId, "transient-1", $$"""{type: TEST_CARD, cardNumber: "{{TestCardPaymentProvider.FailsTransiently}}"}""");

        Assert.Equal(["PAYMENT_UNAVAILABLE"], payload.Codes());
        Assert.Equal(7, await api.StockAsync(offers[0].Id));
    }

    [Fact]
    public async Task The_same_key_with_another_cart_is_a_user_error()
    {
        var offers = await api.OffersAsync(firstSeller: 8, sellers: 2, stock: 20);
        using var client = api.CreateClient(api.BuyerToken("key-reuser"));
        var cartId = await client.FillCartAsync([offers[0]]);
        var first = await client.PlaceOrderAsync(cartId, "reused-key");
        Assert.Empty(first.Codes());
        Assert.Equal(first["order"]!["id"]!.ToJsonString(), (await client.PlaceOrderAsync(cartId, "reused-key"))["order"]!["id"]!.ToJsonString());

        await client.FillCartAsync([offers[1]]);
        var second = await client.PlaceOrderAsync(cartId, "reused-key");

        Assert.Equal(["IDEMPOTENCY_KEY_REUSED"], second.Codes());
    }

    [Fact]
    public async Task A_price_change_shows_as_a_cart_warning_and_a_user_error_at_checkout_then_is_accepted()
    {
        var offer = (await api.OffersAsync(firstSeller: 10, sellers: 1, stock: 20))[0];
        using var client = api.CreateClient(api.BuyerToken("price-watcher"));
        var cartId = await client.FillCartAsync([offer]);
        await api.QueryDbAsync(db => db.Offers.Where(o => o.Id == offer.Id).ExecuteUpdateAsync(set => set.SetProperty(o => o.PriceMinor, offer.PriceMinor + 100)));

        var cart = (await client.PostGraphQLAsync("{ cart { warnings { code } sellers { lines { priceChanged unitPrice { amount } } } } }")).DataOrFail()["cart"]!;
        var refused = await client.PlaceOrderAsync(cartId, "price-1");
        var accepted = await client.PlaceOrderAsync(cartId, "price-1");

        Assert.Equal("PRICE_CHANGED", cart["warnings"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(["PRICE_CHANGED"], refused.Codes());
        Assert.Empty(accepted.Codes());
        Assert.Equal((offer.PriceMinor + 100) / 100m, accepted["order"]!["parts"]![0]!["subtotal"]!["amount"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task A_guest_cart_by_visitor_id_merges_into_the_buyers_cart_on_sign_in()
    {
        var offers = await api.OffersAsync(firstSeller: 11, sellers: 2, stock: 20);
        using var guest = api.CreateClient();
        guest.DefaultRequestHeaders.Add(CartOwner.VisitorHeader, "visitor-0001");
        await guest.FillCartAsync([offers[0]], quantity: 2);
        using var signedIn = api.CreateClient(api.BuyerToken("merging-buyer"));
        await signedIn.FillCartAsync([offers[0], offers[1]]);

        signedIn.DefaultRequestHeaders.Add(CartOwner.VisitorHeader, "visitor-0001");
        var cart = (await signedIn.PostGraphQLAsync("{ cart { itemCount sellers { lines { quantity seller { id } } subtotal { amount } shipping { amount } total { amount } } } }")).DataOrFail()["cart"]!;
        var guestCart = (await guest.PostGraphQLAsync("{ cart { itemCount } }")).DataOrFail()["cart"];

        Assert.Equal(4, cart["itemCount"]!.GetValue<int>());
        Assert.Equal(2, cart["sellers"]!.AsArray().Count);
        Assert.Null(guestCart);
    }

    [Fact]
    public async Task Taking_the_last_units_takes_the_product_out_of_stock_and_reindexes_it_while_units_left_change_neither()
    {
        var offers = await api.OffersAsync(firstSeller: 0, sellers: 2, stock: 2, slot: 1);
        var (last, more) = (offers[0], offers[1]);
        Assert.NotEqual(last.ProductId, more.ProductId);
        var since = await api.QueryDbAsync(async db =>
        {
            await db.Offers.Where(o => o.ProductId == last.ProductId && o.Id != last.Id).ExecuteUpdateAsync(set => set.SetProperty(o => o.Stock, 0));
            await ProductSummaries.RefreshAsync(db, [last.ProductId, more.ProductId], DateTime.UtcNow, CancellationToken.None);
            return await db.OutboxMessages.MaxAsync(m => (long?)m.Id) ?? 0;
        });
        Assert.True(await api.QueryDbAsync(db => db.Products.Where(p => p.Id == last.ProductId).Select(p => p.InStock).SingleAsync()));
        using var client = api.CreateClient(api.BuyerToken("last-units-buyer"));
        await client.FillCartAsync([last], quantity: 2);
        var cartId = await client.FillCartAsync([more]);

        var payload = await client.PlaceOrderAsync(cartId, "last-units-1");

        Assert.Empty(payload.Codes());
        Assert.Equal(0, await api.StockAsync(last.Id));
        Assert.Equal(1, await api.StockAsync(more.Id));
        Assert.False(await api.QueryDbAsync(db => db.Products.Where(p => p.Id == last.ProductId).Select(p => p.InStock).SingleAsync()));
        var reindexed = (await api.QueryDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.Id > since && m.Topic == CatalogChanges.Topic).ToListAsync()))
            .SelectMany(m => Outbox.Read<CatalogChanges.ProductsChanged>(m).ProductIds ?? []).ToList();
        Assert.Equal([last.ProductId], reindexed);
    }

    [Fact]
    public async Task Adding_more_than_the_stock_is_a_user_error()
    {
        var offer = (await api.OffersAsync(firstSeller: 12, sellers: 1, stock: 2))[0];
        using var client = api.CreateClient(api.BuyerToken("greedy-buyer"));

        var payload = await client.AddToCartAsync(offer.Id, 3);

        Assert.Equal(["INSUFFICIENT_STOCK"], payload.Codes());
    }
}
