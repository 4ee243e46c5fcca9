using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Listings;

public sealed class ListingMutationTestsOnSqlite(MarketplaceApiFactory host) : ListingMutationTests<MarketplaceApiFactory>(host);

public sealed class ListingMutationTestsOnPostgres(PostgresMarketplaceApiFactory host) : ListingMutationTests<PostgresMarketplaceApiFactory>(host);

public abstract class ListingMutationTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string Create = """
        mutation($input: ListingInput!) { createListing(input: $input) {
          listing { id sku status stock version price { amount } product { id title gtin offerCount } seller { handle } }
          userErrors { code message field } } }
        """;

    private async Task<(string Handle, HttpClient Client)> SellerAsync(int index)
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(index).Select(s => s.Handle).FirstAsync());
        return (handle, api.CreateClient(await api.SellerTokenAsync(handle)));
    }

    private Task<string> LeafCategoryAsync() => api.QueryDbAsync(db =>
        db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());

    private static JsonNode Payload(GraphQLResponse response, string field) => response.DataOrFail()[field]!;

    private static IEnumerable<string> Codes(JsonNode payload) => payload["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>());

    [SkippableFact]
    public async Task A_seller_lists_a_new_product_and_publishing_shows_it_to_buyers()
    {
        var (handle, seller) = await SellerAsync(0);
        var category = await LeafCategoryAsync();
        var created = Payload(await seller.PostGraphQLAsync(Create, new
        {
            input = new
            {
                sku = "NEW-TRAIL-1", price = 59.90m, stock = 12,
                product = new { title = "Trail Runner X", brand = "Peakline", categorySlug = category, gtin = "4006381333931",
                    attributes = new[] { new { name = "color", value = "Blue" } } },
            },
        }), "createListing");
        var listing = created["listing"]!;
        var slugBefore = (await api.CreateClient().PostGraphQLAsync("query($id: ID!) { node(id: $id) { ... on Product { offerCount } } }",
            new { id = listing["product"]!["id"]!.GetValue<string>() })).DataOrFail()["node"]!;
        var published = Payload(await seller.PostGraphQLAsync("mutation($id: ID!) { publishListing(input: {listingId: $id}) { listing { status version } userErrors { code } } }",
            new { id = listing["id"]!.GetValue<string>() }), "publishListing");
        var product = (await api.CreateClient().PostGraphQLAsync("query($id: ID!) { node(id: $id) { ... on Product { offerCount lowestPrice { amount } offers { sku seller { handle } } } } }",
            new { id = listing["product"]!["id"]!.GetValue<string>() })).DataOrFail()["node"]!;

        Assert.Empty(created["userErrors"]!.AsArray());
        Assert.Equal("DRAFT", listing["status"]!.GetValue<string>());
        Assert.Equal("04006381333931", listing["product"]!["gtin"]!.GetValue<string>());
        Assert.Equal(0, slugBefore["offerCount"]!.GetValue<int>());
        Assert.Equal("ACTIVE", published["listing"]!["status"]!.GetValue<string>());
        Assert.Equal(2, published["listing"]!["version"]!.GetValue<int>());
        Assert.Equal(1, product["offerCount"]!.GetValue<int>());
        Assert.Equal(59.90m, product["lowestPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(handle, product["offers"]![0]!["seller"]!["handle"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Listing_a_gtin_that_exists_adds_an_offer_to_that_product()
    {
        var existing = await api.QueryDbAsync(db => db.Products.Where(p => p.Gtin != null && p.OfferCount == 1).OrderBy(p => p.Id).Select(p => new { p.Id, p.Gtin }).FirstAsync());
        var (_, seller) = await SellerAsync(3);
        var productsBefore = await api.QueryDbAsync(db => db.Products.CountAsync());

        var created = Payload(await seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = "SAME-GTIN-1", price = 1.5m, stock = 5, publish = true,
                product = new { title = "Whatever the seller calls it", categorySlug = await LeafCategoryAsync(), gtin = existing.Gtin!.TrimStart('0') } },
        }), "createListing");

        Assert.Empty(created["userErrors"]!.AsArray());
        Assert.Equal($"gid://marketplace/Product/{existing.Id}", created["listing"]!["product"]!["id"]!.GetValue<string>());
        Assert.Equal(2, created["listing"]!["product"]!["offerCount"]!.GetValue<int>());
        Assert.Equal(productsBefore, await api.QueryDbAsync(db => db.Products.CountAsync()));
    }

    public static TheoryData<string, object, string> BadListings => new()
    {
        { "empty title", new { sku = "B1", price = 10m, product = new { title = " ", categorySlug = "%leaf%" } }, "INVALID_TITLE" },
        { "zero price", new { sku = "B2", price = 0m, product = new { title = "T", categorySlug = "%leaf%" } }, "INVALID_PRICE" },
        { "fractional cents", new { sku = "B3", price = 1.005m, product = new { title = "T", categorySlug = "%leaf%" } }, "INVALID_PRICE" },
        { "unknown category", new { sku = "B4", price = 10m, product = new { title = "T", categorySlug = "no-such-category" } }, "CATEGORY_NOT_FOUND" },
        { "negative stock", new { sku = "B5", price = 10m, stock = -1, product = new { title = "T", categorySlug = "%leaf%" } }, "INVALID_STOCK" },
        { "too long title", new { sku = "B6", price = 10m, product = new { title = new string('x', 256), categorySlug = "%leaf%" } }, "TOO_LONG" },
        { "bad gtin", new { sku = "B7", price = 10m, product = new { title = "T", categorySlug = "%leaf%", gtin = "4006381333932" } }, "INVALID_GTIN" },
        { "no product", new { sku = "B8", price = 10m }, "PRODUCT_REQUIRED" },
        { "compare-at below price", new { sku = "B9", price = 10m, compareAtPrice = 9m, product = new { title = "T", categorySlug = "%leaf%" } }, "INVALID_COMPARE_AT_PRICE" },
        { "decimal's maximum as price", new { sku = "B10", price = decimal.MaxValue, product = new { title = "T", categorySlug = "%leaf%" } }, "INVALID_PRICE" },
        { "decimal's maximum as compare-at price", new { sku = "B11", price = 10m, compareAtPrice = decimal.MaxValue, product = new { title = "T", categorySlug = "%leaf%" } }, "INVALID_COMPARE_AT_PRICE" },
        { "alt text longer than the model's 200", new { sku = "B12", price = 10m, product = new { title = "T", categorySlug = "%leaf%", images = new[] { new { url = "https://img.test/a.jpg", altText = new string('a', 10_000) } } } }, "TOO_LONG" },
    };

    [SkippableTheory]
    [MemberData(nameof(BadListings))]
    public async Task Bad_listings_return_user_errors_and_write_nothing(string because, object input, string code)
    {
        var (handle, seller) = await SellerAsync(1);
        var leaf = await LeafCategoryAsync();
        var json = System.Text.Json.JsonSerializer.Serialize(input).Replace("%leaf%", leaf);
        var counts = await api.QueryDbAsync(async db => (await db.Products.CountAsync(), await db.Offers.CountAsync()));

        var payload = Payload(await seller.PostGraphQLAsync(Create, new { input = JsonNode.Parse(json) }), "createListing");

        Assert.True(payload["listing"] is null, because);
        Assert.Contains(code, Codes(payload));
        Assert.Equal(counts, await api.QueryDbAsync(async db => (await db.Products.CountAsync(), await db.Offers.CountAsync())));
        _ = handle;
    }

    [SkippableFact]
    public async Task Stock_adjusts_relatively_and_never_below_zero()
    {
        var (_, seller) = await SellerAsync(2);
        var listing = Payload(await seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = "STOCK-1", price = 10m, stock = 3, product = new { title = "Stock test", categorySlug = await LeafCategoryAsync() } },
        }), "createListing")["listing"]!;
        var id = listing["id"]!.GetValue<string>();
        const string Adjust = "mutation($id: ID!, $d: Int!) { adjustStock(input: {listingId: $id, delta: $d}) { listing { stock } userErrors { code field } } }";

        var added = Payload(await seller.PostGraphQLAsync(Adjust, new { id, d = 4 }), "adjustStock");
        var tooMuch = Payload(await seller.PostGraphQLAsync(Adjust, new { id, d = -8 }), "adjustStock");
        var removed = Payload(await seller.PostGraphQLAsync(Adjust, new { id, d = -7 }), "adjustStock");

        Assert.Equal(7, added["listing"]!["stock"]!.GetValue<int>());
        Assert.Equal(["INSUFFICIENT_STOCK"], Codes(tooMuch));
        Assert.Equal(0, removed["listing"]!["stock"]!.GetValue<int>());
        Assert.Equal(0, await api.QueryDbAsync(db => db.Offers.Where(o => o.Sku == "STOCK-1").Select(o => o.Stock).SingleAsync()));
    }

    [SkippableFact]
    public async Task Updates_check_the_expected_version()
    {
        var (_, seller) = await SellerAsync(2);
        var listing = Payload(await seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = "VERSION-1", price = 10m, product = new { title = "Version test", categorySlug = await LeafCategoryAsync() } },
        }), "createListing")["listing"]!;
        var id = listing["id"]!.GetValue<string>();
        const string Update = "mutation($input: UpdateListingInput!) { updateListing(input: $input) { listing { version price { amount } compareAtPrice { amount } } userErrors { code } } }";

        var first = Payload(await seller.PostGraphQLAsync(Update, new { input = new { listingId = id, expectedVersion = 1, price = 12.5m, compareAtPrice = 15m } }), "updateListing");
        var stale = Payload(await seller.PostGraphQLAsync(Update, new { input = new { listingId = id, expectedVersion = 1, price = 99m } }), "updateListing");

        Assert.Equal(2, first["listing"]!["version"]!.GetValue<int>());
        Assert.Equal(12.5m, first["listing"]!["price"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(["VERSION_CONFLICT"], Codes(stale));
        Assert.Equal(1250, await api.QueryDbAsync(db => db.Offers.Where(o => o.Sku == "VERSION-1").Select(o => o.PriceMinor).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_products_price_is_its_cheapest_offer_in_stock_the_same_offer_bestOffer_returns()
    {
        var (cheapest, dearer) = await api.QueryDbAsync(async db =>
        {
            var visible = db.Offers.Where(o => o.Status == OfferStatus.Active && o.Stock > 0
                && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == SellerStatus.Active));
            var productId = await visible.GroupBy(o => o.ProductId)
                .Where(g => g.Count() >= 2 && g.Select(o => o.PriceMinor).Distinct().Count() >= 2)
                .OrderBy(g => g.Key).Select(g => g.Key).FirstAsync();
            var offers = await visible.Where(o => o.ProductId == productId).OrderBy(o => o.PriceMinor).ThenBy(o => o.Id).ToListAsync();
            return (offers[0], offers.First(o => o.PriceMinor > offers[0].PriceMinor));
        });
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Id == cheapest.SellerId).Select(s => s.Handle).SingleAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        var productId = $"gid://marketplace/Product/{cheapest.ProductId}";
        const string Card = "query($id: ID!) { node(id: $id) { ... on Product { inStock lowestPrice { amount } bestOffer { id price { amount } } } } }";

        var soldOut = Payload(await seller.PostGraphQLAsync("mutation($id: ID!) { updateListing(input: {listingId: $id, stock: 0}) { listing { stock } userErrors { code } } }",
            new { id = $"gid://marketplace/Offer/{cheapest.Id}" }), "updateListing");
        using var buyer = api.CreateClient();
        var card = (await buyer.PostGraphQLAsync(Card, new { id = productId })).DataOrFail()["node"]!;
        var underTheSoldOutPrice = (await buyer.PostGraphQLAsync(
            "query($max: Decimal) { products(first: 100, where: {inStock: true, price: {max: $max}}, order: {field: PRICE, direction: DESC}) { edges { node { id } } } }",
            new { max = cheapest.PriceMinor / 100m })).DataOrFail()["products"]!["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>());

        Assert.Empty(soldOut["userErrors"]!.AsArray());
        Assert.True(card["inStock"]!.GetValue<bool>());
        Assert.Equal(dearer.PriceMinor / 100m, card["lowestPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(card["lowestPrice"]!["amount"]!.GetValue<decimal>(), card["bestOffer"]!["price"]!["amount"]!.GetValue<decimal>());
        Assert.NotEqual($"gid://marketplace/Offer/{cheapest.Id}", card["bestOffer"]!["id"]!.GetValue<string>());
        Assert.DoesNotContain(productId, underTheSoldOutPrice);
    }

    [SkippableFact]
    public async Task Two_sellers_listing_the_same_new_gtin_meet_on_one_default_variant()
    {
        var (_, first) = await SellerAsync(1);
        var (_, second) = await SellerAsync(2);
        var category = await LeafCategoryAsync();
        object Input(string sku, decimal price) => new
        {
            input = new { sku, price, stock = 3, publish = true, product = new { title = "Meeting Shorts", categorySlug = category, gtin = "5901234123457" } },
        };
        const string CreateWithVariant = """
            mutation($input: ListingInput!) { createListing(input: $input) {
              listing { variant { id title gtin } product { id variants { id } } } userErrors { code } } }
            """;

        var one = Payload(await first.PostGraphQLAsync(CreateWithVariant, Input("MEET-1", 21m)), "createListing")["listing"]!;
        var two = Payload(await second.PostGraphQLAsync(CreateWithVariant, Input("MEET-2", 20m)), "createListing")["listing"]!;

        Assert.Equal(one["product"]!["id"]!.GetValue<string>(), two["product"]!["id"]!.GetValue<string>());
        Assert.Equal(one["variant"]!["id"]!.GetValue<string>(), two["variant"]!["id"]!.GetValue<string>());
        Assert.Equal("05901234123457", two["variant"]!["gtin"]!.GetValue<string>());
        Assert.Equal("Default", two["variant"]!["title"]!.GetValue<string>());
        Assert.Single(two["product"]!["variants"]!.AsArray());
    }

    [SkippableFact]
    public async Task Archiving_takes_a_listing_off_sale()
    {
        var offer = await api.QueryDbAsync(db => db.Offers.Where(o => o.Status == OfferStatus.Active
            && db.Products.Any(p => p.Id == o.ProductId && p.OfferCount == 1)
            && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == SellerStatus.Active)).OrderByDescending(o => o.Id).FirstAsync());
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Id == offer.SellerId).Select(s => s.Handle).SingleAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));

        var archived = Payload(await seller.PostGraphQLAsync("mutation($id: ID!) { archiveListing(input: {listingId: $id}) { listing { status } userErrors { code } } }",
            new { id = $"gid://marketplace/Offer/{offer.Id}" }), "archiveListing");
        var product = await api.QueryDbAsync(db => db.Products.SingleAsync(p => p.Id == offer.ProductId));

        Assert.Equal("ARCHIVED", archived["listing"]!["status"]!.GetValue<string>());
        Assert.Equal(0, product.OfferCount);
        Assert.Null(product.MinPriceMinor);
    }

    [SkippableFact]
    public async Task A_seller_cannot_touch_another_sellers_listing()
    {
        var (otherHandle, _) = await SellerAsync(4);
        var (_, seller) = await SellerAsync(5);
        var victim = await api.QueryDbAsync(db => db.Offers.Where(o => db.Sellers.Any(s => s.Id == o.SellerId && s.Handle == otherHandle)).FirstAsync());
        var id = $"gid://marketplace/Offer/{victim.Id}";

        var update = await seller.PostGraphQLAsync("mutation($id: ID!) { updateListing(input: {listingId: $id, price: 1}) { listing { id } } }", new { id });
        var adjust = await seller.PostGraphQLAsync("mutation($id: ID!) { adjustStock(input: {listingId: $id, delta: -1}) { listing { id } } }", new { id });
        var archive = await seller.PostGraphQLAsync("mutation($id: ID!) { archiveListing(input: {listingId: $id}) { listing { id } } }", new { id });

        Assert.Equal("FORBIDDEN", update.FirstErrorCode);
        Assert.Equal("FORBIDDEN", adjust.FirstErrorCode);
        Assert.Equal("FORBIDDEN", archive.FirstErrorCode);
        var after = await api.QueryDbAsync(db => db.Offers.AsNoTracking().SingleAsync(o => o.Id == victim.Id));
        Assert.Equal((victim.PriceMinor, victim.Stock, victim.Status, victim.Version), (after.PriceMinor, after.Stock, after.Status, after.Version));
    }

    [SkippableFact]
    public async Task Buyers_and_anonymous_callers_cannot_create_listings()
    {
        using var buyer = api.CreateClient(api.BuyerToken());
        using var anonymous = api.CreateClient();
        var input = new { input = new { sku = "NOPE", price = 10m, product = new { title = "Nope", categorySlug = await LeafCategoryAsync() } } };

        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(Create, input)).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await anonymous.PostGraphQLAsync(Create, input)).FirstErrorCode);
        Assert.False(await api.QueryDbAsync(db => db.Offers.AnyAsync(o => o.Sku == "NOPE")));
    }

    [SkippableFact]
    public async Task Bulk_upsert_keeps_good_rows_and_rejects_bad_ones_with_reasons()
    {
        var (handle, seller) = await SellerAsync(6);
        var sellerId = await api.SellerIdAsync(handle);
        var existing = await api.QueryDbAsync(db => db.Offers.Where(o => o.SellerId == sellerId).OrderBy(o => o.Id).FirstAsync());
        var leaf = await LeafCategoryAsync();
        var rows = new List<object>
        {
            new { sku = existing.Sku, price = 77.7m, stock = 70, productId = $"gid://marketplace/Product/{existing.ProductId}" },
            new { sku = "BULK-NEW-1", price = 5m, stock = 1, publish = true, product = new { title = "Bulk One", categorySlug = leaf } },
            new { sku = "BULK-BAD-1", price = -1m, product = new { title = "Bad", categorySlug = leaf } },
            new { sku = "BULK-NEW-1", price = 6m, product = new { title = "Duplicate", categorySlug = leaf } },
            new { sku = existing.Sku, price = 5m, productId = $"gid://marketplace/Product/{existing.ProductId + 1}" },
        };
        rows.AddRange(Enumerable.Range(2, 200).Select(i => (object)new { sku = $"BULK-NEW-{i}", price = 10m + i, stock = i, product = new { title = $"Bulk {i}", categorySlug = leaf } }));

        var payload = Payload(await seller.PostGraphQLAsync("""
            mutation($rows: [ListingInput!]!) { bulkUpsertListings(input: {rows: $rows}) {
              created updated rejected userErrors { code }
              rows { index sku outcome listing { sku stock price { amount } } userErrors { code field } } } }
            """, new { rows }), "bulkUpsertListings");

        var results = payload["rows"]!.AsArray();
        Assert.Equal(201, payload["created"]!.GetValue<int>());
        Assert.Equal(1, payload["updated"]!.GetValue<int>());
        Assert.Equal(3, payload["rejected"]!.GetValue<int>());
        Assert.Contains("SKU_PRODUCT_MISMATCH", results[4]!["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>()));
        Assert.Equal("UPDATED", results[0]!["outcome"]!.GetValue<string>());
        Assert.Equal(77.7m, results[0]!["listing"]!["price"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("REJECTED", results[2]!["outcome"]!.GetValue<string>());
        Assert.Equal(["input", "rows", "2", "price"], results[2]!["userErrors"]![0]!["field"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("DUPLICATE_SKU", results[3]!["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(201, await api.QueryDbAsync(db => db.Offers.CountAsync(o => o.SellerId == sellerId && o.Sku.StartsWith("BULK-NEW-"))));
        Assert.Equal(7770, await api.QueryDbAsync(db => db.Offers.Where(o => o.Id == existing.Id).Select(o => o.PriceMinor).SingleAsync()));
    }
}
