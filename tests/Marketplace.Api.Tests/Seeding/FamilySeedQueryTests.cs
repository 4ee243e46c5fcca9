using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Seeding;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Seeding;

public sealed class FamilySeedQueryTestsOnSqlite(MarketplaceApiFactory host) : FamilySeedQueryTests<MarketplaceApiFactory>(host);

public sealed class FamilySeedQueryTestsOnPostgres(PostgresMarketplaceApiFactory host) : FamilySeedQueryTests<PostgresMarketplaceApiFactory>(host);

/// <summary>A family loaded from a seed folder, read back the way a product page asks for it.</summary>
public abstract class FamilySeedQueryTests<TApi>(TApi host) : DatabaseTests<TApi>(host), IDisposable where TApi : MarketplaceApiFactory
{
    private readonly DirectoryInfo seed = Directory.CreateTempSubdirectory("marketplace-family-seed-");

    public void Dispose() => seed.Delete(recursive: true);

    [SkippableFact]
    public async Task A_seeded_family_shows_its_options_and_each_variant_with_its_price_availability_and_sellers()
    {
        await File.WriteAllTextAsync(Path.Combine(seed.FullName, SeedFiles.Sellers), """
            {"handle":"family-north","name":"Family North","status":"ACTIVE","commissionRate":0.1}
            {"handle":"family-south","name":"Family South","status":"ACTIVE","commissionRate":0.1}
            """);
        await File.WriteAllTextAsync(Path.Combine(seed.FullName, SeedFiles.Categories), """{"slug":"family-tops","name":"Family Tops"}""");
        await File.WriteAllTextAsync(Path.Combine(seed.FullName, SeedFiles.Products), $$"""
            {"slug":"family-running-tee","title":"Women's Running Tee","category":"family-tops","options":[{"name":"Size","values":["S","M","L"]},{"name":"Color","values":["Black","Navy"]}],"variants":[{"options":{"Size":"S","Color":"Black"},"gtin":"{{Gtin.Ean13(299_999_999_901)}}","offers":[{"seller":"family-north","sku":"FN-S","price":30,"stock":3}]},{"options":{"Size":"M","Color":"Black"},"gtin":"{{Gtin.Ean13(299_999_999_902)}}","offers":[{"seller":"family-north","sku":"FN-M","price":31,"stock":2},{"seller":"family-south","sku":"FS-M","price":29,"stock":5}]},{"options":{"Size":"L","Color":"Navy"},"gtin":"{{Gtin.Ean13(299_999_999_903)}}","offers":[{"seller":"family-south","sku":"FS-L","price":28,"stock":0}]}]}
            """);
        await using (var scope = api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<SeedLoader>().LoadAsync(seed.FullName);

        using var client = api.CreateClient();
        var product = (await client.PostGraphQLAsync("""
            {
              product(slug: "family-running-tee") {
                options { name values }
                variants { title selectedOptions { name value } price { amount } inStock offerCount }
                offers { sku seller { handle } variant { title } }
              }
            }
            """)).DataOrFail()["product"]!;

        Assert.Equal(
            ["Size: S M L", "Color: Black Navy"],
            product["options"]!.AsArray().Select(o => $"{o!["name"]}: {string.Join(" ", o["values"]!.AsArray().Select(v => (string)v!))}"));
        Assert.Equal(
            ["S / Black (Size=S Color=Black) 30.00 in stock, 1 seller", "M / Black (Size=M Color=Black) 29.00 in stock, 2 sellers", "L / Navy (Size=L Color=Navy) 28.00 out of stock, 1 seller"],
            product["variants"]!.AsArray().Select(Describe));
        // Offers are cheapest first; the L's only offer has no stock.
        Assert.Equal(
            ["FS-L family-south L / Navy", "FS-M family-south M / Black", "FN-S family-north S / Black", "FN-M family-north M / Black"],
            product["offers"]!.AsArray().Select(o => $"{o!["sku"]} {o["seller"]!["handle"]} {o["variant"]!["title"]}"));
    }

    private static string Describe(JsonNode? variant)
    {
        // Selected options read in the product's option order, as the title does.
        var options = string.Join(" ", variant!["selectedOptions"]!.AsArray().Select(o => $"{o!["name"]}={o["value"]}"));
        var sellers = variant["offerCount"]!.GetValue<int>();
        return $"{variant["title"]} ({options}) {variant["price"]!["amount"]} {(variant["inStock"]!.GetValue<bool>() ? "in stock" : "out of stock")}, {sellers} seller{(sellers == 1 ? "" : "s")}";
    }
}
