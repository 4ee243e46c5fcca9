using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Listings;

public sealed class VariantListingTestsOnSqlite(MarketplaceApiFactory host) : VariantListingTests<MarketplaceApiFactory>(host);

public sealed class VariantListingTestsOnPostgres(PostgresMarketplaceApiFactory host) : VariantListingTests<PostgresMarketplaceApiFactory>(host);

/// <summary>Sellers listing product families: options, variants, sellers meeting on a variant, a size picker and a size filter.</summary>
public abstract class VariantListingTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string Create = """
        mutation($input: ListingInput!) { createListing(input: $input) {
          listing { id sku variant { id title gtin selectedOptions { name value } } product { id } }
          userErrors { code message field } } }
        """;

    private const string SizePicker = """
        query($id: ID!) { node(id: $id) { ... on Product {
          options { name values }
          variants { id title selectedOptions { name value } inStock price { amount } offerCount }
          offers { sku variant { title } } } } }
        """;

    private static long gtinSequence = Random.Shared.NextInt64(100_000_000, 900_000_000);

    private static string NewGtin() => Gtin.Ean13(200_000_000_000L + Interlocked.Increment(ref gtinSequence));

    private async Task<HttpClient> SellerAsync(int index)
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(index).Select(s => s.Handle).FirstAsync());
        return api.CreateClient(await api.SellerTokenAsync(handle));
    }

    private Task<string> LeafCategoryAsync() => api.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());

    private static JsonNode Created(GraphQLResponse response) => response.DataOrFail()["createListing"]!;

    private static IEnumerable<string> Codes(JsonNode payload) => payload["userErrors"]!.AsArray().Select(e => e!["code"]!.GetValue<string>());

    /// <summary>A new family, Size S/M/L in Navy, listed by one seller in size M; returns the product id and M's GTIN.</summary>
    private async Task<(string ProductId, string MediumGtin, JsonNode Listing)> NewFamilyAsync(HttpClient seller, string title, int stock = 5)
    {
        var gtin = NewGtin();
        var payload = Created(await seller.PostGraphQLAsync(Create, new
        {
            input = new
            {
                sku = $"{title}-M", price = 30m, stock, publish = true,
                product = new
                {
                    title, categorySlug = await LeafCategoryAsync(),
                    attributes = new[] { new { name = "gender", value = "women" } },
                    options = new object[] { new { name = "Size", values = new[] { "S", "M", "L" } }, new { name = "Color", values = new[] { "Navy" } } },
                },
                variant = new { selectedOptions = new[] { new { name = "Size", value = "M" }, new { name = "Color", value = "Navy" } }, gtin },
            },
        }));
        Assert.Empty(payload["userErrors"]!.AsArray());
        return (payload["listing"]!["product"]!["id"]!.GetValue<string>(), Gtin.Normalize(gtin)!, payload["listing"]!);
    }

    [SkippableFact]
    public async Task A_seller_lists_a_new_family_and_the_product_page_shows_its_options_and_variant()
    {
        using var seller = await SellerAsync(0);

        var (productId, gtin, listing) = await NewFamilyAsync(seller, $"Picker Shorts {Guid.NewGuid():N}"[..24]);
        using var buyer = api.CreateClient();
        var page = (await buyer.PostGraphQLAsync(SizePicker, new { id = productId })).DataOrFail()["node"]!;

        Assert.Equal("M / Navy", listing["variant"]!["title"]!.GetValue<string>());
        Assert.Equal(gtin, listing["variant"]!["gtin"]!.GetValue<string>());
        Assert.Equal(["Size", "Color"], page["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
        Assert.Equal(["S", "M", "L"], page["options"]![0]!["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        var variant = Assert.Single(page["variants"]!.AsArray())!;
        Assert.Equal([("Size", "M"), ("Color", "Navy")],
            variant["selectedOptions"]!.AsArray().Select(o => (o!["name"]!.GetValue<string>(), o["value"]!.GetValue<string>())));
        Assert.True(variant["inStock"]!.GetValue<bool>());
        Assert.Equal(30m, variant["price"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("M / Navy", page["offers"]![0]!["variant"]!["title"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_seller_adds_a_variant_to_an_existing_family_and_a_duplicate_is_refused()
    {
        using var first = await SellerAsync(1);
        using var second = await SellerAsync(2);
        var (productId, _, _) = await NewFamilyAsync(first, $"Family Tees {Guid.NewGuid():N}"[..24]);
        object NewVariant(string sku, string size) => new
        {
            input = new { sku, price = 32m, stock = 2, publish = true, productId,
                variant = new { selectedOptions = new[] { new { name = "size", value = size }, new { name = "COLOR", value = "navy" } }, gtin = NewGtin() } },
        };

        var added = Created(await second.PostGraphQLAsync(Create, NewVariant("ADD-L", "l")));
        var duplicate = Created(await second.PostGraphQLAsync(Create, NewVariant("ADD-M", "m")));
        var unknownSize = Created(await second.PostGraphQLAsync(Create, NewVariant("ADD-XL", "XL")));
        var withoutVariant = Created(await second.PostGraphQLAsync(Create, new { input = new { sku = "ADD-NONE", price = 10m, productId } }));
        var page = (await api.CreateClient().PostGraphQLAsync(SizePicker, new { id = productId })).DataOrFail()["node"]!;

        Assert.Equal("L / Navy", added["listing"]!["variant"]!["title"]!.GetValue<string>());
        Assert.Equal(["DUPLICATE_VARIANT"], Codes(duplicate));
        Assert.Equal(["INVALID_OPTIONS"], Codes(unknownSize));
        Assert.Equal(["VARIANT_REQUIRED"], Codes(withoutVariant));
        Assert.Equal(["M / Navy", "L / Navy"], page["variants"]!.AsArray().Select(v => v!["title"]!.GetValue<string>()));
        Assert.False(await api.QueryDbAsync(db => db.Offers.AnyAsync(o => o.Sku == "ADD-M" || o.Sku == "ADD-XL" || o.Sku == "ADD-NONE")));
    }

    [SkippableFact]
    public async Task Two_sellers_meet_on_one_variant_by_its_gtin_or_by_its_id()
    {
        using var first = await SellerAsync(3);
        using var second = await SellerAsync(4);
        using var third = await SellerAsync(5);
        var (productId, gtin, listing) = await NewFamilyAsync(first, $"Meeting Dress {Guid.NewGuid():N}"[..24]);
        var variantId = listing["variant"]!["id"]!.GetValue<string>();

        var byGtin = Created(await second.PostGraphQLAsync(Create, new
        {
            input = new { sku = "MEET-GTIN", price = 29m, stock = 1, publish = true, product = new { title = "Whatever The Seller Calls It", categorySlug = await LeafCategoryAsync(), gtin } },
        }));
        var byId = Created(await third.PostGraphQLAsync(Create, new { input = new { sku = "MEET-ID", price = 28m, stock = 1, publish = true, variantId } }));
        var page = (await api.CreateClient().PostGraphQLAsync(SizePicker, new { id = productId })).DataOrFail()["node"]!;

        Assert.Equal(variantId, byGtin["listing"]!["variant"]!["id"]!.GetValue<string>());
        Assert.Equal(productId, byGtin["listing"]!["product"]!["id"]!.GetValue<string>());
        Assert.Equal(variantId, byId["listing"]!["variant"]!["id"]!.GetValue<string>());
        var variant = Assert.Single(page["variants"]!.AsArray())!;
        Assert.Equal(3, variant["offerCount"]!.GetValue<int>());
        Assert.Equal(28m, variant["price"]!["amount"]!.GetValue<decimal>());
    }

    [SkippableFact]
    public async Task Filtering_by_size_in_stock_finds_the_family_only_while_that_size_is_in_stock()
    {
        using var first = await SellerAsync(6);
        var title = $"Filter Skort {Guid.NewGuid():N}"[..24];
        var (productId, _, _) = await NewFamilyAsync(first, title);
        var large = Created(await first.PostGraphQLAsync(Create, new
        {
            input = new { sku = $"{title}-L", price = 31m, stock = 3, publish = true, productId,
                variant = new { selectedOptions = new[] { new { name = "Size", value = "L" }, new { name = "Color", value = "Navy" } } } },
        }))["listing"]!;
        const string BySize = """
            query($size: String!) { products(first: 100, where: {inStock: true, attributes: [{name: "size", values: [$size]}, {name: "gender", values: ["WOMEN"]}]}) {
              edges { node { id } } } }
            """;
        async Task<bool> ListedAsync(string size) => (await api.CreateClient().PostGraphQLAsync(BySize, new { size })).DataOrFail()["products"]!["edges"]!
            .AsArray().Any(e => e!["node"]!["id"]!.GetValue<string>() == productId);

        var largeWhileInStock = await ListedAsync("l");
        var soldOut = Created(await first.PostGraphQLAsync(
            "mutation($id: ID!) { createListing: updateListing(input: {listingId: $id, stock: 0}) { listing { id } userErrors { code } } }",
            new { id = large["id"]!.GetValue<string>() }));
        var largeSoldOut = await ListedAsync("L");
        var mediumStill = await ListedAsync("M");
        var smallNeverOffered = await ListedAsync("S");

        Assert.Empty(soldOut["userErrors"]!.AsArray());
        Assert.True(largeWhileInStock);
        Assert.False(largeSoldOut);
        Assert.True(mediumStill);
        Assert.False(smallNeverOffered);
    }

    [SkippableFact]
    public async Task A_size_picker_selects_a_variant_and_shows_available_sizes_and_the_price_range()
    {
        using var first = await SellerAsync(7);
        var title = $"Range Joggers {Guid.NewGuid():N}"[..24];
        var (productId, _, _) = await NewFamilyAsync(first, title);
        object Size(string size, decimal price, int stock) => new
        {
            input = new { sku = $"{title}-{size}", price, stock, publish = true, productId,
                variant = new { selectedOptions = new[] { new { name = "Size", value = size }, new { name = "Color", value = "Navy" } } } },
        };
        Assert.Empty(Created(await first.PostGraphQLAsync(Create, Size("L", 45m, 2)))["userErrors"]!.AsArray());
        Assert.Empty(Created(await first.PostGraphQLAsync(Create, Size("S", 20m, 0)))["userErrors"]!.AsArray());

        var page = (await api.CreateClient().PostGraphQLAsync("""
            query($id: ID!) { node(id: $id) { ... on Product {
              lowestPrice { amount }
              priceRange { minVariantPrice { amount } maxVariantPrice { amount } }
              options { name values availableValues }
              large: variantBySelectedOptions(selectedOptions: [{name: "size", value: "l"}, {name: "Color", value: "NAVY"}]) {
                title inStock offers { sku } bestOffer { sku price { amount } } image { url } }
              missing: variantBySelectedOptions(selectedOptions: [{name: "Size", value: "XL"}]) { title } } } }
            """, new { id = productId })).DataOrFail()["node"]!;

        var size = page["options"]![0]!;
        Assert.Equal(["S", "M", "L"], size["values"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["M", "L"], size["availableValues"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("L / Navy", page["large"]!["title"]!.GetValue<string>());
        Assert.Equal($"{title}-L", page["large"]!["bestOffer"]!["sku"]!.GetValue<string>());
        Assert.Equal([$"{title}-L"], page["large"]!["offers"]!.AsArray().Select(o => o!["sku"]!.GetValue<string>()));
        Assert.Null(page["missing"]);
        // S at 20.00 is sold out, so the range and the price buyers see start at M's 30.00.
        Assert.Equal(30m, page["priceRange"]!["minVariantPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(45m, page["priceRange"]!["maxVariantPrice"]!["amount"]!.GetValue<decimal>());
        Assert.Equal(30m, page["lowestPrice"]!["amount"]!.GetValue<decimal>());
    }

    [SkippableFact]
    public async Task A_bulk_import_groups_rows_by_family_key_into_one_product_with_several_variants()
    {
        using var seller = await SellerAsync(8);
        var family = $"FAM-{Guid.NewGuid():N}"[..16];
        var category = await LeafCategoryAsync();
        object Row(string size, string color, string? gtin = null) => new
        {
            sku = $"{family}-{size}-{color}", price = size == "M" ? 40m : 42m, stock = 5, publish = true,
            product = new
            {
                familyKey = family, title = "Family Polo", categorySlug = category,
                options = new object[] { new { name = "Size", values = new[] { "M", "L" } }, new { name = "Color", values = new[] { "Navy", "Black" } } },
            },
            variant = new { selectedOptions = new[] { new { name = "Size", value = size }, new { name = "Color", value = color } }, gtin },
        };

        var payload = (await seller.PostGraphQLAsync("""
            mutation($rows: [ListingInput!]!) { bulkUpsertListings(input: {rows: $rows}) {
              created rejected rows { outcome userErrors { code } listing { variant { title } product { id } } } } }
            """, new { rows = new[] { Row("M", "Navy", NewGtin()), Row("L", "Navy"), Row("M", "Black"), Row("XL", "Navy") } })).DataOrFail()["bulkUpsertListings"]!;
        var rows = payload["rows"]!.AsArray();
        var productIds = rows.Take(3).Select(r => r!["listing"]!["product"]!["id"]!.GetValue<string>()).Distinct().ToList();
        var page = (await api.CreateClient().PostGraphQLAsync(SizePicker, new { id = productIds[0] })).DataOrFail()["node"]!;

        Assert.Equal(3, payload["created"]!.GetValue<int>());
        Assert.Equal(["INVALID_OPTIONS"], Codes(rows[3]!));
        Assert.Single(productIds);
        Assert.Equal(["M / Navy", "L / Navy", "M / Black"], page["variants"]!.AsArray().Select(v => v!["title"]!.GetValue<string>()));
        Assert.Equal(["Size", "Color"], page["options"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task Sellers_adding_the_same_new_variant_at_once_end_with_one_variant()
    {
        using var owner = await SellerAsync(9);
        var (productId, _, _) = await NewFamilyAsync(owner, $"Race Leggings {Guid.NewGuid():N}"[..24]);
        var sellers = new List<HttpClient>();
        for (var i = 0; i < 4; i++) sellers.Add(await SellerAsync(i));

        var payloads = await Task.WhenAll(sellers.Select(async (seller, i) => Created(await seller.PostGraphQLAsync(Create, new
        {
            input = new { sku = $"RACE-L-{i}-{Guid.NewGuid():N}"[..20], price = 33m, stock = 1, publish = true, productId,
                variant = new { selectedOptions = new[] { new { name = "Size", value = "L" }, new { name = "Color", value = "Navy" } } } },
        }))));
        sellers.ForEach(s => s.Dispose());
        var page = (await api.CreateClient().PostGraphQLAsync(SizePicker, new { id = productId })).DataOrFail()["node"]!;

        Assert.Equal(1, payloads.Count(p => p["listing"] is not null));
        Assert.All(payloads.Where(p => p["listing"] is null), p => Assert.Equal(["DUPLICATE_VARIANT"], Codes(p)));
        Assert.Equal(["M / Navy", "L / Navy"], page["variants"]!.AsArray().Select(v => v!["title"]!.GetValue<string>()));
    }
}
