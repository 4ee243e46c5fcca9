using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Catalog;

/// <summary>Buyers see what they need to buy (availability, shipping) and no more (exact stock, webhooks).</summary>
public sealed class OfferVisibilityTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Offers = "query($slug: String) { product(slug: $slug) { offers { sku stock inStock quantityAvailable } } }";

    [Theory]
    [InlineData("anonymous", false)]
    [InlineData("buyer", false)]
    [InlineData("other seller", false)]
    [InlineData("owning seller", true)]
    [InlineData("admin", true)]
    public async Task Exact_stock_is_only_for_the_owning_seller_and_admins_and_everyone_sees_a_capped_quantity(string viewer, bool seesStock)
    {
        var offer = await api.QueryDbAsync(db => (
            from o in db.Offers
            join s in db.Sellers on o.SellerId equals s.Id
            join p in db.Products on o.ProductId equals p.Id
            where o.Status == OfferStatus.Active && s.Status == SellerStatus.Active && o.Stock > 10
            orderby o.Id
            select new { o.Sku, o.Stock, s.Handle, p.Slug }).FirstAsync());
        var other = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active && s.Handle != offer.Handle).Select(s => s.Handle).FirstAsync());
        using var client = viewer switch
        {
            "anonymous" => api.CreateClient(),
            "buyer" => api.CreateClient(api.BuyerToken()),
            "other seller" => api.CreateClient(await api.SellerTokenAsync(other)),
            "owning seller" => api.CreateClient(await api.SellerTokenAsync(offer.Handle)),
            _ => api.CreateClient(api.AdminToken()),
        };

        var offers = (await client.PostGraphQLAsync(Offers, new { slug = offer.Slug })).DataOrFail()["product"]!["offers"]!.AsArray();

        var seen = offers.Single(o => o!["sku"]!.GetValue<string>() == offer.Sku)!;
        Assert.True(seen["inStock"]!.GetValue<bool>());
        Assert.Equal(10, seen["quantityAvailable"]!.GetValue<int>());
        if (seesStock) Assert.Equal(offer.Stock, seen["stock"]!.GetValue<int>());
        else Assert.Null(seen["stock"]);
    }

    [Fact]
    public async Task Quantity_available_is_the_exact_stock_below_the_cap()
    {
        var offer = await api.QueryDbAsync(db => (
            from o in db.Offers
            join s in db.Sellers on o.SellerId equals s.Id
            join p in db.Products on o.ProductId equals p.Id
            where o.Status == OfferStatus.Active && s.Status == SellerStatus.Active && o.Stock > 0 && o.Stock < 10
            orderby o.Id
            select new { o.Sku, o.Stock, p.Slug }).FirstAsync());
        using var client = api.CreateClient();

        var offers = (await client.PostGraphQLAsync(Offers, new { slug = offer.Slug })).DataOrFail()["product"]!["offers"]!.AsArray();

        Assert.Equal(offer.Stock, offers.Single(o => o!["sku"]!.GetValue<string>() == offer.Sku)!["quantityAvailable"]!.GetValue<int>());
    }

    [Fact]
    public async Task Anyone_sees_a_sellers_shipping_rates_but_not_its_webhook_settings()
    {
        var (handle, rates) = await api.QueryDbAsync(async db =>
        {
            var seller = await db.Sellers.Where(s => s.Status == SellerStatus.Active && db.ShippingRates.Any(r => r.SellerId == s.Id)).OrderBy(s => s.Id).FirstAsync();
            return (seller.Handle, await db.ShippingRates.Where(r => r.SellerId == seller.Id).OrderBy(r => r.Id).ToListAsync());
        });
        using var owner = api.CreateClient(await api.SellerTokenAsync(handle));
        await owner.PostGraphQLAsync("""mutation { updateSellerSettings(input: { webhookUrl: "https://example.test/private", webhookSecret: "0123456789abcdef-secret" }) { userErrors { code } } }""");
        const string Query = """
            query($h: String) { seller(handle: $h) {
              shippingRates { name countryCode price { amount } freeOver { amount } minDeliveryDays maxDeliveryDays }
              settings { webhookUrl hasWebhookSecret } } }
            """;

        foreach (var client in new[] { api.CreateClient(), api.CreateClient(api.BuyerToken()) })
        {
            using (client)
            {
                var seller = (await client.PostGraphQLAsync(Query, new { h = handle })).DataOrFail()["seller"]!;
                var first = seller["shippingRates"]![0]!;
                Assert.Equal(rates.Count, seller["shippingRates"]!.AsArray().Count);
                Assert.Equal(rates[0].Name, first["name"]!.GetValue<string>());
                Assert.Equal(rates[0].CountryCode, first["countryCode"]!.GetValue<string>());
                Assert.Equal(rates[0].PriceMinor / 100m, first["price"]!["amount"]!.GetValue<decimal>());
                Assert.Equal(rates[0].MaxDeliveryDays, first["maxDeliveryDays"]!.GetValue<int?>());
                Assert.Null(seller["settings"]);
            }
        }
        var own = (await owner.PostGraphQLAsync(Query, new { h = handle })).DataOrFail()["seller"]!;
        Assert.Equal("https://example.test/private", own["settings"]!["webhookUrl"]!.GetValue<string>());
    }

    [Fact]
    public async Task Shipping_rates_on_a_page_of_offers_load_in_the_same_sql_commands_at_any_size()
    {
        const string Page = "query($n: Int!) { products(first: $n) { nodes { offers { sku seller { handle shippingRates { name price { amount } } } } } } }";
        using var client = api.CreateClient();
        await client.PostGraphQLAsync(Page, new { n = 1 });

        api.SqlCommands.Reset();
        var small = (await client.PostGraphQLAsync(Page, new { n = 5 })).DataOrFail();
        var smallCommands = api.SqlCommands.Count;
        api.SqlCommands.Reset();
        var large = (await client.PostGraphQLAsync(Page, new { n = 50 })).DataOrFail();
        var largeCommands = api.SqlCommands.Count;

        Assert.Equal(smallCommands, largeCommands);
        Assert.Contains(large["products"]!["nodes"]!.AsArray(), p => p!["offers"]!.AsArray().Any(o => o!["seller"]!["shippingRates"]!.AsArray().Count > 0));
        Assert.NotNull(small["products"]);
    }
}
