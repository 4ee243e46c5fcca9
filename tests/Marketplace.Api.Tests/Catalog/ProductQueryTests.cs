using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Catalog;

public sealed class ProductQueryTestsOnSqlite(MarketplaceApiFactory host) : ProductQueryTests<MarketplaceApiFactory>(host);

public sealed class ProductQueryTestsOnPostgres(PostgresMarketplaceApiFactory host) : ProductQueryTests<PostgresMarketplaceApiFactory>(host);

public abstract class ProductQueryTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private const string ProductsQuery = """
        query Products($where: ProductWhere, $order: ProductOrder, $first: Int, $after: String, $last: Int, $before: String) {
          products(where: $where, order: $order, first: $first, after: $after, last: $last, before: $before) {
            totalCount
            pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
            edges { cursor node { id slug title brand lowestPrice { amount } inStock } }
          }
        }
        """;

    private async Task<JsonNode> ProductsAsync(object variables)
    {
        using var client = api.CreateClient();
        return (await client.PostGraphQLAsync(ProductsQuery, variables)).DataOrFail()["products"]!;
    }

    private static List<string> Slugs(JsonNode connection) =>
        connection["edges"]!.AsArray().Select(e => e!["node"]!["slug"]!.GetValue<string>()).ToList();

    /// <summary>What buyers should see, computed from the tables without the API's query code.</summary>
    private Task<List<Product>> ListedProductsAsync() => api.QueryDbAsync(db =>
        db.Products.AsNoTracking().Include(p => p.Attributes).Where(p => p.OfferCount > 0).ToListAsync());

    [SkippableFact]
    public async Task A_top_level_category_includes_its_descendants()
    {
        var (top, descendantIds) = await api.QueryDbAsync(async db =>
        {
            var roots = await db.Categories.Where(c => c.ParentId == null).ToListAsync();
            var all = await db.Categories.ToListAsync();
            var top = roots.OrderByDescending(r => all.Count(c => c.Path.StartsWith(r.Path))).First();
            return (top, all.Where(c => c.Path.StartsWith(top.Path)).Select(c => c.Id).ToHashSet());
        });
        var expected = (await ListedProductsAsync()).Count(p => descendantIds.Contains(p.CategoryId));

        var page = await ProductsAsync(new { where = new { categorySlug = top.Slug }, first = 100 });

        Assert.True(expected > 0);
        Assert.Equal(expected, page["totalCount"]!.GetValue<int>());
        Assert.NotEqual(top.Id, await api.QueryDbAsync(db => db.Products.Where(p => p.Slug == Slugs(page)[0]).Select(p => p.CategoryId).SingleAsync()));
    }

    [SkippableFact]
    public async Task A_price_range_sorted_by_price_is_filtered_and_ordered_in_the_database()
    {
        var listed = await ListedProductsAsync();
        var expected = listed.Where(p => p.MinPriceMinor is >= 2000 and <= 8000)
            .OrderBy(p => p.MinPriceMinor).ThenBy(p => p.Id).Select(p => p.Slug).ToList();

        var page = await ProductsAsync(new { where = new { price = new { min = 20, max = 80 } }, order = new { field = "PRICE", direction = "ASC" }, first = 100 });

        Assert.Equal(expected.Count, page["totalCount"]!.GetValue<int>());
        Assert.Equal(expected.Take(100), Slugs(page));
    }

    [SkippableFact]
    public async Task Paging_forward_and_backward_visits_every_product_once_in_order()
    {
        // A price bound that leaves about 40 products: several pages of 7, one page of 100.
        var prices = (await ListedProductsAsync()).Select(p => p.MinPriceMinor!.Value).Order().ToList();
        var where = new { price = new { max = prices[40] / 100m } };
        var order = new { field = "PRICE", direction = "DESC" };
        var all = Slugs(await ProductsAsync(new { where, order, first = 100 }));

        var forward = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await ProductsAsync(new { where, order, first = 7, after });
            forward.AddRange(Slugs(page));
            if (!page["pageInfo"]!["hasNextPage"]!.GetValue<bool>()) break;
            after = page["pageInfo"]!["endCursor"]!.GetValue<string>();
        }
        var backward = new List<string>();
        string? before = null;
        while (true)
        {
            var page = await ProductsAsync(new { where, order, last = 7, before });
            backward.InsertRange(0, Slugs(page));
            if (!page["pageInfo"]!["hasPreviousPage"]!.GetValue<bool>()) break;
            before = page["pageInfo"]!["startCursor"]!.GetValue<string>();
        }

        Assert.True(all.Count > 14, "the filter should span several pages");
        Assert.Equal(all, forward);
        Assert.Equal(all, backward);
    }

    [SkippableFact]
    public async Task Titles_sort_alphabetically_and_newest_is_the_default()
    {
        var listed = await ListedProductsAsync();

        var byTitle = await ProductsAsync(new { order = new { field = "TITLE", direction = "ASC" }, first = 20 });
        var newest = await ProductsAsync(new { first = 5 });

        Assert.Equal(listed.OrderBy(p => p.Title, StringComparer.Ordinal).ThenBy(p => p.Id).Take(20).Select(p => p.Slug), Slugs(byTitle));
        Assert.Equal(listed.OrderByDescending(p => p.Id).Take(5).Select(p => p.Slug), Slugs(newest));
    }

    [SkippableFact]
    public async Task Brand_attribute_and_stock_filters_combine()
    {
        var listed = await ListedProductsAsync();
        var brand = listed.Where(p => p.Attributes.Any(a => a.Name == "gender")).GroupBy(p => p.Brand).OrderByDescending(g => g.Count()).First().Key!;
        var expected = listed.Where(p => p.Brand == brand && p.InStock
            && p.Attributes.Any(a => a.Name == "gender" && a.Value is "women" or "unisex")).ToList();

        var page = await ProductsAsync(new
        {
            where = new { brands = new[] { brand }, inStock = true, attributes = new[] { new { name = "gender", values = new[] { "women", "unisex" } } } },
            first = 100,
        });

        Assert.Equal(expected.Count, page["totalCount"]!.GetValue<int>());
        Assert.All(page["edges"]!.AsArray(), e => Assert.Equal(brand, e!["node"]!["brand"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task A_seller_filter_lists_only_products_it_offers()
    {
        var (handle, expected) = await api.QueryDbAsync(async db =>
        {
            var seller = await db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).FirstAsync();
            var count = await db.Products.CountAsync(p => p.OfferCount > 0 && db.Offers.Any(o => o.ProductId == p.Id && o.SellerId == seller.Id && o.Status == OfferStatus.Active));
            return (seller.Handle, count);
        });

        var page = await ProductsAsync(new { where = new { sellerHandle = handle }, first = 1 });

        Assert.True(expected > 0);
        Assert.Equal(expected, page["totalCount"]!.GetValue<int>());
    }

    [SkippableFact]
    public async Task A_product_lists_its_visible_offers_cheapest_first_with_the_best_offer()
    {
        var slug = await api.QueryDbAsync(db => db.Products.Where(p => p.OfferCount >= 2).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync());
        using var client = api.CreateClient();
        var product = (await client.PostGraphQLAsync("""
            query($slug: String) { product(slug: $slug) { title offerCount lowestPrice { amount }
              bestOffer { sku inStock price { amount } }
              offers { sku inStock price { amount currencyCode } seller { handle status } } } }
            """, new { slug })).DataOrFail()["product"]!;

        var offers = product["offers"]!.AsArray();
        var prices = offers.Select(o => o!["price"]!["amount"]!.GetValue<decimal>()).ToList();
        Assert.Equal(product["offerCount"]!.GetValue<int>(), offers.Count);
        Assert.Equal(prices.Order(), prices);
        Assert.Equal(prices[0], product["lowestPrice"]!["amount"]!.GetValue<decimal>());
        Assert.All(offers, o => Assert.Equal("ACTIVE", o!["seller"]!["status"]!.GetValue<string>()));
        var firstInStock = offers.FirstOrDefault(o => o!["inStock"]!.GetValue<bool>()) ?? offers[0];
        Assert.Equal(firstInStock!["sku"]!.GetValue<string>(), product["bestOffer"]!["sku"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Suspended_sellers_and_their_offers_are_hidden_from_buyers()
    {
        var suspended = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Suspended).Select(s => new { s.Id, s.Handle }).FirstAsync());
        var offered = await api.QueryDbAsync(db => db.Offers.Where(o => o.SellerId == suspended.Id).Select(o => o.ProductId).Distinct().ToListAsync());
        using var client = api.CreateClient();

        var seller = (await client.PostGraphQLAsync("query($h: String) { seller(handle: $h) { id } }", new { h = suspended.Handle })).DataOrFail();
        var products = await client.PostGraphQLAsync(
            "query($ids: [ID!]!) { nodes(ids: $ids) { ... on Product { offers { seller { handle } } } } }",
            new { ids = offered.Take(20).Select(id => $"gid://marketplace/Product/{id}").ToArray() });

        Assert.Null(seller["seller"]);
        Assert.NotEmpty(offered);
        var handles = products.DataOrFail()["nodes"]!.AsArray().SelectMany(n => n!["offers"]!.AsArray()).Select(o => o!["seller"]!["handle"]!.GetValue<string>());
        Assert.DoesNotContain(suspended.Handle, handles);
    }

    [SkippableFact]
    public async Task Categories_form_a_three_level_tree()
    {
        using var client = api.CreateClient();
        var roots = (await client.PostGraphQLAsync("{ categories { slug depth children { slug depth parent { slug } children { slug depth ancestors { slug } } } } }"))
            .DataOrFail()["categories"]!.AsArray();
        var rootCount = await api.QueryDbAsync(db => db.Categories.CountAsync(c => c.ParentId == null));

        Assert.Equal(rootCount, roots.Count);
        var leaf = roots.SelectMany(r => r!["children"]!.AsArray()).SelectMany(c => c!["children"]!.AsArray()).First()!;
        Assert.Equal(2, leaf["depth"]!.GetValue<int>());
        Assert.Equal(2, leaf["ancestors"]!.AsArray().Count);
        Assert.All(roots, r => Assert.All(r!["children"]!.AsArray(), c => Assert.Equal(r["slug"]!.GetValue<string>(), c!["parent"]!["slug"]!.GetValue<string>())));
    }

    [SkippableFact]
    public async Task Node_fetches_any_object_by_global_id_and_nodes_keeps_the_order()
    {
        using var client = api.CreateClient();
        var page = await ProductsAsync(new { first = 3 });
        var ids = page["edges"]!.AsArray().Select(e => e!["node"]!["id"]!.GetValue<string>()).Reverse().ToList();
        ids.Add("gid://marketplace/Product/999999999");
        ids.Add("not-an-id");

        var nodes = (await client.PostGraphQLAsync("query($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }", new { ids }))
            .DataOrFail()["nodes"]!.AsArray();
        var one = (await client.PostGraphQLAsync("query($id: ID!) { node(id: $id) { ... on Product { slug } } }", new { id = ids[0] }))
            .DataOrFail()["node"]!;

        Assert.Equal(ids.Take(3), nodes.Take(3).Select(n => n!["id"]!.GetValue<string>()));
        Assert.Null(nodes[3]);
        Assert.Null(nodes[4]);
        Assert.False(string.IsNullOrEmpty(one["slug"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task A_product_page_matches_its_snapshot()
    {
        var slug = await api.QueryDbAsync(db => db.Products.Where(p => p.OfferCount >= 2).OrderBy(p => p.Id).Select(p => p.Slug).FirstAsync());
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("""
            query($slug: String) { product(slug: $slug) { id title slug brand gtin description
              category { slug ancestors { slug } } attributes { name value } images { url altText }
              lowestPrice { amount currencyCode } inStock offerCount
              offers { id sku condition price { amount currencyCode } compareAtPrice { amount } stock inStock quantityAvailable seller { handle name } } } }
            """, new { slug });

        Snapshooter.Xunit.Snapshot.Match(response.DataOrFail().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    [SkippableFact]
    public async Task A_product_without_options_has_one_default_variant_that_its_offers_sell()
    {
        // The demo has families too; take its cheapest product in stock that has no options.
        var slug = await api.QueryDbAsync(db => db.Products.Where(p => p.InStock && !p.Options.Any())
            .OrderBy(p => p.MinPriceMinor).ThenBy(p => p.Id).Select(p => p.Slug).FirstAsync());
        using var client = api.CreateClient();
        var product = (await client.PostGraphQLAsync("""
            query($slug: String) { product(slug: $slug) {
                id lowestPrice { amount } inStock options { name }
                variants { id title gtin selectedOptions { name } price { amount } inStock offerCount }
                offers { variant { id } } } }
            """, new { slug })).DataOrFail()["product"]!;
        var variant = Assert.Single(product["variants"]!.AsArray())!;
        var byId = (await client.PostGraphQLAsync("query($id: ID!) { node(id: $id) { ... on ProductVariant { title product { id } } } }",
            new { id = variant["id"]!.GetValue<string>() })).DataOrFail()["node"]!;

        Assert.Empty(product["options"]!.AsArray());
        Assert.Equal("Default", variant["title"]!.GetValue<string>());
        Assert.StartsWith("gid://marketplace/ProductVariant/", variant["id"]!.GetValue<string>());
        Assert.Empty(variant["selectedOptions"]!.AsArray());
        Assert.Equal(product["lowestPrice"]!["amount"]!.GetValue<decimal>(), variant["price"]!["amount"]!.GetValue<decimal>());
        Assert.True(variant["inStock"]!.GetValue<bool>());
        Assert.Equal(product["offers"]!.AsArray().Count, variant["offerCount"]!.GetValue<int>());
        Assert.All(product["offers"]!.AsArray(), offer => Assert.Equal(variant["id"]!.GetValue<string>(), offer!["variant"]!["id"]!.GetValue<string>()));
        Assert.Equal(product["id"]!.GetValue<string>(), byId["product"]!["id"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Asking_for_more_variants_than_allowed_is_bad_user_input()
    {
        using var client = api.CreateClient();

        var response = await client.PostGraphQLAsync("{ products(first: 1) { edges { node { variants(first: 101) { id } } } } }");

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
    }

    [SkippableFact]
    public async Task Brand_and_attribute_filters_ignore_case()
    {
        var (brand, color) = await api.QueryDbAsync(async db =>
        {
            var product = await db.Products.Where(p => p.Brand != null && p.MinPriceMinor != null
                && db.ProductAttributes.Any(a => a.ProductId == p.Id && a.Name == "color")).OrderBy(p => p.Id).FirstAsync();
            var value = await db.ProductAttributes.Where(a => a.ProductId == product.Id && a.Name == "color").Select(a => a.Value).FirstAsync();
            return (product.Brand!, value);
        });

        var exact = Slugs(await ProductsAsync(new { first = 100, where = new { brands = new[] { brand }, attributes = new[] { new { name = "color", values = new[] { color } } } } }));
        var otherCase = Slugs(await ProductsAsync(new { first = 100, where = new { brands = new[] { brand.ToUpperInvariant() }, attributes = new[] { new { name = "COLOR", values = new[] { color.ToLowerInvariant() } } } } }));

        Assert.NotEmpty(exact);
        Assert.Equal(exact, otherCase);
    }
}
