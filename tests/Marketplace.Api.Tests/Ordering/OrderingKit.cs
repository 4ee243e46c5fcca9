using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Ordering;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Ordering;

/// <summary>Shared steps of the ordering tests: pick offers, fill a cart, place an order, over real HTTP.</summary>
public static class OrderingKit
{
    public const string Address = """{name: "Ada Buyer", line1: "1 Main St", city: "Boise", postalCode: "83702", countryCode: "US"}""";

    /// <summary>One visible offer from each of <paramref name="sellers"/> active sellers (from <paramref name="firstSeller"/>), stock set; <paramref name="slot"/> picks another offer of each seller.</summary>
    public static Task<List<Offer>> OffersAsync(this MarketplaceApiFactory api, int firstSeller, int sellers, int stock, int slot = 0) => api.QueryDbAsync(async db =>
    {
        var sellerIds = await db.Sellers.Where(s => s.Status == SellerStatus.Active && db.Offers.Count(o => o.SellerId == s.Id && o.Status == OfferStatus.Active) > slot)
            .OrderBy(s => s.Id).Skip(firstSeller).Take(sellers).Select(s => s.Id).ToListAsync();
        var offers = new List<Offer>();
        foreach (var sellerId in sellerIds)
        {
            var offer = await db.Offers.Where(o => o.SellerId == sellerId && o.Status == OfferStatus.Active).OrderBy(o => o.Id).Skip(slot).FirstAsync();
            await db.Offers.Where(o => o.Id == offer.Id).ExecuteUpdateAsync(set => set.SetProperty(o => o.Stock, stock));
            offers.Add(await db.Offers.AsNoTracking().SingleAsync(o => o.Id == offer.Id));
        }
        return offers;
    });

    public static string Gid(string type, long id) => $"gid://marketplace/{type}/{id}";

    public static async Task<JsonNode> AddToCartAsync(this HttpClient client, long offerId, int quantity = 1)
    {
        var response = await client.PostGraphQLAsync(
            "mutation($id: ID!, $q: Int!) { addToCart(input: {offerId: $id, quantity: $q}) { cart { id itemCount } userErrors { code message } } }",
            new { id = Gid("Offer", offerId), q = quantity });
        return response.DataOrFail()["addToCart"]!;
    }

    /// <summary>Adds the offers (one unit each) and answers the cart's id.</summary>
    public static async Task<string> FillCartAsync(this HttpClient client, IEnumerable<Offer> offers, int quantity = 1)
    {
        string? cartId = null;
        foreach (var offer in offers)
        {
            var payload = await client.AddToCartAsync(offer.Id, quantity);
            Assert.True(payload["userErrors"]!.AsArray().Count == 0, payload.ToJsonString());
            cartId = payload["cart"]!["id"]!.GetValue<string>();
        }
        return cartId!;
    }

    public const string OrderFields = "order { id status total { amount } parts { id status subtotal { amount } shipping { amount } total { amount } trackingNumber lines { sku quantity } } } userErrors { code message field }";

    public static async Task<JsonNode> PlaceOrderAsync(this HttpClient client, string cartId, string key, string payment = "{type: INVOICE}")
    {
        var response = await client.PostGraphQLAsync(
            $$"""mutation($cart: ID!, $key: String!) { placeOrder(input: {cartId: $cart, idempotencyKey: $key, shippingAddress: {{Address}}, paymentMethod: {{payment}}}) { {{OrderFields}} } }""",
            new { cart = cartId, key });
        return response.DataOrFail()["placeOrder"]!;
    }

    public static IEnumerable<string> Codes(this JsonNode payload) =>
        payload["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>());

    public static Task<int> StockAsync(this MarketplaceApiFactory api, long offerId) =>
        api.QueryDbAsync(db => db.Offers.Where(o => o.Id == offerId).Select(o => o.Stock).SingleAsync());

    public static async Task<HttpClient> SellerClientAsync(this MarketplaceApiFactory api, long sellerId)
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Id == sellerId).Select(s => s.Handle).SingleAsync());
        return api.CreateClient(await api.SellerTokenAsync(handle));
    }
}

/// <summary>
/// The API with its outbox workers off, so a test can read the webhook and subscription rows an order wrote in its
/// transaction; their delivery is tested in Webhooks/ and Subscriptions/.
/// </summary>
public sealed class OrderingApiFactory : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" };
}
