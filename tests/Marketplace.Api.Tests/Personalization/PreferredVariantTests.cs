using System.Text.Json.Nodes;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Personalization;

public sealed class PreferredVariantTestsOnSqlite(MarketplaceApiFactory api) : PreferredVariantTests<MarketplaceApiFactory>(api);

public sealed class PreferredVariantTestsOnPostgres(PostgresMarketplaceApiFactory api) : PreferredVariantTests<PostgresMarketplaceApiFactory>(api);

public abstract class PreferredVariantTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : MarketplaceApiFactory
{
    private const string ProductQuery = "query($slug: String!) { product(slug: $slug) { preferredVariant { id inStock selectedOptions { name value } } } }";

    private sealed record Variant(long ProductId, string Slug, long Id, string Size, string? Color, bool InStock);

    /// <summary>The sized variants of the products in a category, in id order.</summary>
    private Task<List<Variant>> VariantsInAsync(string category) => api.QueryDbAsync(async db =>
    {
        var products = await db.Products.Where(p => db.Categories.Any(c => c.Id == p.CategoryId && c.Slug == category))
            .OrderBy(p => p.Id).ToDictionaryAsync(p => p.Id, p => p.Slug);
        var ids = products.Keys.ToList();
        var variants = await db.ProductVariants.Include(v => v.SelectedOptions).Where(v => ids.Contains(v.ProductId)).OrderBy(v => v.Id).ToListAsync();
        string? Option(Api.Catalog.ProductVariant v, string name) => v.SelectedOptions.FirstOrDefault(o => o.Name == name)?.Value;
        return variants.Where(v => Option(v, "Size") is not null)
            .Select(v => new Variant(v.ProductId, products[v.ProductId], v.Id, Option(v, "Size")!, Option(v, "Color"), v.InStock)).ToList();
    });

    private static Dictionary<string, object?> Event(string type, Variant variant) =>
        ProfilesKit.Event(type, variant.ProductId, extra: new { variantId = variant.Id.ToString() });

    private static async Task<JsonNode?> PreferredAsync(HttpClient client, string slug) =>
        (await client.PostGraphQLAsync(ProductQuery, new { slug })).DataOrFail()["product"]!["preferredVariant"];

    private static string? Option(JsonNode? variant, string name) =>
        variant?["selectedOptions"]!.AsArray().FirstOrDefault(o => o!["name"]!.GetValue<string>() == name)?["value"]!.GetValue<string>();

    [SkippableFact]
    public async Task Shorts_open_on_the_size_the_visitor_usually_takes_in_shorts()
    {
        var shorts = await VariantsInAsync("women-shorts");
        var seen = shorts.GroupBy(v => v.ProductId).First(g => g.Any(v => v.Size == "M") && g.Any(v => v.Size == "L"));
        var other = shorts.GroupBy(v => v.ProductId).First(g => g.Key != seen.Key && g.Any(v => v.Size == "M" && v.InStock) && g.Any(v => v.Size == "L" && v.InStock));
        using var visitor = api.Visitor("preferred-size-shorts");

        // L is viewed more often, but M is also in the cart: a cart counts twice a view.
        var large = seen.First(v => v.Size == "L");
        var medium = seen.First(v => v.Size == "M");
        await visitor.TrackAsync(Event("PRODUCT_VIEW", large), Event("PRODUCT_VIEW", large), Event("PRODUCT_VIEW", medium), Event("ADD_TO_CART", medium));

        var preferred = await PreferredAsync(visitor, other.First().Slug);
        Assert.Equal(("M", true), (Option(preferred, "Size"), preferred!["inStock"]!.GetValue<bool>()));
        Assert.Contains(preferred["id"]!.GetValue<string>(), other.Select(v => $"gid://marketplace/ProductVariant/{v.Id}"));
    }

    [SkippableFact]
    public async Task Shoe_sizes_do_not_decide_a_shirt_and_each_department_keeps_its_own_size()
    {
        var sneakers = await VariantsInAsync("women-sneakers");
        var shirts = await VariantsInAsync("women-t-shirts");
        var shoe = sneakers.GroupBy(v => v.ProductId).Select(g => g.FirstOrDefault(v => v.InStock)).First(v => v is not null)!;
        var shirt = shirts.GroupBy(v => v.ProductId).First(g => g.Count(v => v.Size == "L" && v.InStock) >= 1 && g.Any(v => v.Size == "M"));
        using var visitor = api.Visitor("preferred-size-shoes");

        await visitor.TrackAsync(Event("PRODUCT_VIEW", shoe), Event("PRODUCT_VIEW", shoe), Event("ADD_TO_CART", shoe));
        Assert.Null(await PreferredAsync(visitor, shirt.First().Slug));
        Assert.Equal(shoe.Size, Option(await PreferredAsync(visitor, shoe.Slug), "Size"));

        await visitor.TrackAsync(Event("PRODUCT_VIEW", shirt.First(v => v.Size == "L")));
        Assert.Equal("L", Option(await PreferredAsync(visitor, shirt.First().Slug), "Size"));
        Assert.Equal(shoe.Size, Option(await PreferredAsync(visitor, shoe.Slug), "Size"));
    }

    [SkippableFact]
    public async Task A_size_learned_in_one_category_carries_to_its_sibling_in_the_same_department()
    {
        var shorts = await VariantsInAsync("women-shorts");
        var skirts = await VariantsInAsync("women-skirts");
        var seen = shorts.First(v => v.Size == "S");
        var skirt = skirts.GroupBy(v => v.ProductId).First(g => g.Any(v => v.Size == "S" && v.InStock) && g.Any(v => v.Size == "M" && v.InStock));
        using var visitor = api.Visitor("preferred-size-sibling");

        await visitor.TrackAsync(Event("PRODUCT_VIEW", seen));

        Assert.Equal("S", Option(await PreferredAsync(visitor, skirt.First().Slug), "Size"));
    }

    [SkippableFact]
    public async Task Only_an_in_stock_variant_is_preferred_in_the_preferred_color_when_there_is_one()
    {
        var shirts = await VariantsInAsync("women-t-shirts");
        // A shirt whose size comes in a sold-out color and an in-stock one.
        var soldOut = shirts.GroupBy(v => (v.ProductId, v.Size))
            .Where(g => g.Any(v => v.InStock && v.Color is not null))
            .Select(g => g.FirstOrDefault(v => !v.InStock && v.Color is not null)).First(v => v is not null);
        // And one where every variant of a size is sold out.
        var gone = shirts.GroupBy(v => (v.ProductId, v.Size)).First(g => g.All(v => !v.InStock) && g.Key.ProductId != soldOut!.ProductId).First();
        using var visitor = api.Visitor("preferred-in-stock");

        await visitor.TrackAsync(Event("PRODUCT_VIEW", soldOut!), Event("PRODUCT_VIEW", soldOut!));
        var preferred = await PreferredAsync(visitor, soldOut!.Slug);
        Assert.Equal((soldOut.Size, true), (Option(preferred, "Size"), preferred!["inStock"]!.GetValue<bool>()));
        Assert.NotEqual(soldOut.Color, Option(preferred, "Color"));

        // The visitor's size there is sold out in every color: nothing to open on.
        using var other = api.Visitor("preferred-sold-out");
        await other.TrackAsync(Event("PRODUCT_VIEW", gone), Event("PRODUCT_VIEW", gone));
        Assert.Null(await PreferredAsync(other, gone.Slug));
    }

    [SkippableFact]
    public async Task A_preferred_color_picks_among_the_variants_of_the_usual_size()
    {
        var shirts = await VariantsInAsync("women-t-shirts");
        var product = shirts.GroupBy(v => (v.ProductId, v.Size)).First(g => g.Count(v => v.InStock && v.Color is not null) >= 2);
        var wanted = product.Where(v => v.InStock).Last();
        using var visitor = api.Visitor("preferred-color");

        await visitor.TrackAsync(Event("PRODUCT_VIEW", wanted), Event("ADD_TO_CART", wanted));

        var preferred = await PreferredAsync(visitor, wanted.Slug);
        Assert.Equal((wanted.Size, wanted.Color), (Option(preferred, "Size"), Option(preferred, "Color")));
    }

    [SkippableFact]
    public async Task A_cold_visitor_and_an_anonymous_caller_get_no_preferred_variant()
    {
        var shorts = await VariantsInAsync("women-shorts");
        using var cold = api.Visitor("preferred-cold-visitor");
        using var anonymous = api.CreateClient();

        Assert.Null(await PreferredAsync(cold, shorts[0].Slug));
        Assert.Null(await PreferredAsync(anonymous, shorts[0].Slug));
    }

    [SkippableFact]
    public async Task A_page_of_products_with_preferred_variants_costs_the_same_sql_commands_at_any_size()
    {
        var shorts = await VariantsInAsync("women-shorts");
        using var visitor = api.Visitor("preferred-page");
        await visitor.TrackAsync(Event("PRODUCT_VIEW", shorts.First(v => v.Size == "M")));
        const string Page = "query($n: Int!) { products(first: $n, where: {categorySlug: \"women\"}) { edges { node { id preferredVariant { id title } } } } }";
        await visitor.PostGraphQLAsync(Page, new { n = 1 });

        async Task<(int Commands, int Preferred)> CountAsync(int n)
        {
            api.SqlCommands.Reset();
            var edges = (await visitor.PostGraphQLAsync(Page, new { n })).DataOrFail()["products"]!["edges"]!.AsArray();
            return (api.SqlCommands.Count, edges.Count(e => e!["node"]!["preferredVariant"] is not null));
        }
        var small = await CountAsync(5);
        var large = await CountAsync(40);

        Assert.Equal(small.Commands, large.Commands);
        Assert.True(large.Preferred > 0, "some products on the page should open on the visitor's size");
    }
}
