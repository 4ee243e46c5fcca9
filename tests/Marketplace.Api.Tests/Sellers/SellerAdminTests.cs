using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Sellers;

public sealed class SellerAdminTestsOnSqlite(MarketplaceApiFactory host) : SellerAdminTests<MarketplaceApiFactory>(host);

public sealed class SellerAdminTestsOnPostgres(PostgresMarketplaceApiFactory host) : SellerAdminTests<PostgresMarketplaceApiFactory>(host);

public abstract class SellerAdminTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string CreateSeller = """
        mutation($input: CreateSellerInput!) { createSeller(input: $input) {
          seller { id handle status commissionRate } userErrors { code field } } }
        """;

    [SkippableFact]
    public async Task An_admin_creates_a_pending_seller_and_approves_it()
    {
        using var admin = api.CreateClient(api.AdminToken());
        var created = (await admin.PostGraphQLAsync(CreateSeller, new { input = new { handle = "north-wind", name = "North Wind", commissionRate = 0.125m } }))
            .DataOrFail()["createSeller"]!;
        var id = created["seller"]!["id"]!.GetValue<string>();
        var approved = (await admin.PostGraphQLAsync("mutation($id: ID!) { approveSeller(input: {sellerId: $id}) { seller { status } userErrors { code } } }", new { id }))
            .DataOrFail()["approveSeller"]!;

        Assert.Equal("PENDING", created["seller"]!["status"]!.GetValue<string>());
        Assert.Equal(0.125m, created["seller"]!["commissionRate"]!.GetValue<decimal>());
        Assert.Equal("ACTIVE", approved["seller"]!["status"]!.GetValue<string>());
    }

    [SkippableTheory]
    [InlineData("Bad Handle!", "x", 0.1, "INVALID_HANDLE", "handle")]
    [InlineData("good-handle", "", 0.1, "INVALID_NAME", "name")]
    [InlineData("good-handle-2", "Name", 1.5, "INVALID_COMMISSION_RATE", "commissionRate")]
    public async Task Bad_seller_input_returns_user_errors_and_writes_nothing(string handle, string name, double rate, string code, string field)
    {
        using var admin = api.CreateClient(api.AdminToken());
        var payload = (await admin.PostGraphQLAsync(CreateSeller, new { input = new { handle, name, commissionRate = (decimal)rate } }))
            .DataOrFail()["createSeller"]!;

        Assert.Null(payload["seller"]);
        var error = Assert.Single(payload["userErrors"]!.AsArray());
        Assert.Equal(code, error!["code"]!.GetValue<string>());
        Assert.Equal(["input", field], error["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(0, await api.QueryDbAsync(db => db.Sellers.CountAsync(s => s.Handle == handle.ToLower())));
    }

    [SkippableFact]
    public async Task A_taken_handle_is_a_user_error()
    {
        var existing = await api.QueryDbAsync(db => db.Sellers.Select(s => s.Handle).FirstAsync());
        using var admin = api.CreateClient(api.AdminToken());
        var payload = (await admin.PostGraphQLAsync(CreateSeller, new { input = new { handle = existing, name = "Copy" } })).DataOrFail()["createSeller"]!;

        Assert.Equal("HANDLE_TAKEN", payload["userErrors"]![0]!["code"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Only_admins_manage_sellers()
    {
        using var anonymous = api.CreateClient();
        using var buyer = api.CreateClient(api.BuyerToken());
        var input = new { input = new { handle = "sneaky", name = "Sneaky" } };

        Assert.Equal("UNAUTHENTICATED", (await anonymous.PostGraphQLAsync(CreateSeller, input)).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(CreateSeller, input)).FirstErrorCode);
        Assert.Equal(0, await api.QueryDbAsync(db => db.Sellers.CountAsync(s => s.Handle == "sneaky")));
    }

    [SkippableFact]
    public async Task Suspending_a_seller_hides_its_offers_at_once_and_approving_brings_them_back()
    {
        // A product this seller alone offers: suspending must take it out of buyer listings.
        var (sellerId, handle, slug) = await api.QueryDbAsync(async db =>
        {
            var row = await db.Products
                .Where(p => p.OfferCount == 1)
                .Select(p => new { p.Slug, Offer = db.Offers.First(o => o.ProductId == p.Id && o.Status == OfferStatus.Active) })
                .Where(x => db.Sellers.Any(s => s.Id == x.Offer.SellerId && s.Status == SellerStatus.Active && s.Handle != "north-wind"))
                .OrderBy(x => x.Slug).FirstAsync();
            var seller = await db.Sellers.SingleAsync(s => s.Id == row.Offer.SellerId);
            return (seller.Id, seller.Handle, row.Slug);
        });
        var gid = $"gid://marketplace/Seller/{sellerId}";
        using var admin = api.CreateClient(api.AdminToken());
        using var buyer = api.CreateClient();
        const string Lookup = "query($slug: String, $h: String) { product(slug: $slug) { offerCount lowestPrice { amount } } seller(handle: $h) { id } sellers(first: 100) { nodes { handle } } }";

        var suspended = await admin.PostGraphQLAsync("mutation($id: ID!) { suspendSeller(input: {sellerId: $id, reason: \"test\"}) { seller { status } } }", new { id = gid });
        var hidden = (await buyer.PostGraphQLAsync(Lookup, new { slug, h = handle })).DataOrFail();
        await admin.PostGraphQLAsync("mutation($id: ID!) { approveSeller(input: {sellerId: $id}) { seller { status } } }", new { id = gid });
        var back = (await buyer.PostGraphQLAsync(Lookup, new { slug, h = handle })).DataOrFail();

        Assert.Equal("SUSPENDED", suspended.DataOrFail()["suspendSeller"]!["seller"]!["status"]!.GetValue<string>());
        Assert.Equal(0, hidden["product"]!["offerCount"]!.GetValue<int>());
        Assert.Null(hidden["product"]!["lowestPrice"]);
        Assert.Null(hidden["seller"]);
        Assert.DoesNotContain(handle, hidden["sellers"]!["nodes"]!.AsArray().Select(n => n!["handle"]!.GetValue<string>()));
        Assert.Equal(1, back["product"]!["offerCount"]!.GetValue<int>());
        Assert.NotNull(back["seller"]);
    }

    [SkippableFact]
    public async Task A_seller_edits_its_settings_and_nobody_else_sees_them()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderByDescending(s => s.Id).Select(s => s.Handle).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        using var buyer = api.CreateClient(api.BuyerToken());

        var updated = (await seller.PostGraphQLAsync("""
            mutation { updateSellerSettings(input: { webhookUrl: "https://example.test/hooks", webhookSecret: "0123456789abcdef-secret",
              shippingRates: [{ name: "Standard", countryCode: "US", price: 4.99, freeOver: 50, minDeliveryDays: 2, maxDeliveryDays: 5 }] }) {
              seller { settings { webhookUrl hasWebhookSecret shippingRates { name price { amount } freeOver { amount } } } } userErrors { code } } }
            """)).DataOrFail()["updateSellerSettings"]!;
        var bad = (await seller.PostGraphQLAsync("""mutation { updateSellerSettings(input: { webhookUrl: "ftp://nope", webhookSecret: "short" }) { userErrors { code } } }"""))
            .DataOrFail()["updateSellerSettings"]!;
        var seen = (await buyer.PostGraphQLAsync("query($h: String) { seller(handle: $h) { settings { webhookUrl } commissionRate contactEmail } }", new { h = handle }))
            .DataOrFail()["seller"]!;

        var settings = updated["seller"]!["settings"]!;
        Assert.Equal("https://example.test/hooks", settings["webhookUrl"]!.GetValue<string>());
        Assert.True(settings["hasWebhookSecret"]!.GetValue<bool>());
        Assert.Equal(4.99m, settings["shippingRates"]![0]!["price"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(["INVALID_WEBHOOK_URL", "INVALID_WEBHOOK_SECRET"], bad["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.Equal("https://example.test/hooks", await api.QueryDbAsync(db => db.Sellers.Where(s => s.Handle == handle).Select(s => s.Settings.WebhookUrl).SingleAsync()));
        Assert.Null(seen["settings"]);
        Assert.Null(seen["commissionRate"]);
        Assert.Null(seen["contactEmail"]);
    }

    [SkippableFact]
    public async Task Concurrent_shipping_rate_replacements_each_succeed_or_answer_a_retryable_conflict()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(2).Select(s => s.Handle).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        const string Replace = "mutation($rates: [ShippingRateInput!]) { updateSellerSettings(input: {shippingRates: $rates}) { userErrors { code } } }";
        object Rates(int n) => new { rates = new[] { new { name = $"Standard {n}", countryCode = "US", price = 4.99m }, new { name = $"Express {n}", countryCode = "US", price = 9.99m } } };
        (await seller.PostGraphQLAsync(Replace, Rates(0))).DataOrFail();

        var responses = await Task.WhenAll(Enumerable.Range(1, 6).Select(n => seller.PostGraphQLAsync(Replace, Rates(n))));

        foreach (var response in responses)
        {
            var codes = response.DataOrFail()["updateSellerSettings"]!["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()).ToList();
            Assert.True(codes.Count == 0 || codes.SequenceEqual(["CONFLICT"]), response.ToString());
        }
        Assert.Equal(2, await api.QueryDbAsync(db => db.ShippingRates.CountAsync(r => db.Sellers.Any(s => s.Id == r.SellerId && s.Handle == handle))));
    }
}
