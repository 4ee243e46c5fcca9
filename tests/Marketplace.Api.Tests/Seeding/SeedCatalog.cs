using Marketplace.Api.Catalog;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marketplace.Api.Data;
using Marketplace.Api.Seeding;

namespace Marketplace.Api.Tests.Seeding;

/// <summary>A seed folder read fully into memory, for tests of small catalogs.</summary>
internal sealed partial record SeedCatalog(
    SeedManifest Manifest,
    IReadOnlyList<SeedSeller> Sellers,
    IReadOnlyList<SeedCategory> Categories,
    IReadOnlyList<SeedProduct> Products)
{
    public static readonly string[] SellerStatuses = ["PENDING", "ACTIVE", "SUSPENDED"];
    public static readonly string[] OfferConditions = ["NEW", "USED", "REFURBISHED"];
    public static readonly string[] OfferStatuses = ["DRAFT", "ACTIVE", "ARCHIVED"];

    public static async Task<SeedCatalog> LoadAsync(string dir)
    {
        var manifest = JsonSerializer.Deserialize<SeedManifest>(
            await File.ReadAllTextAsync(Path.Combine(dir, SeedFiles.Manifest)), SeedFiles.Json)
            ?? throw new InvalidDataException("Empty manifest.");
        return new SeedCatalog(
            manifest,
            await ReadAsync<SeedSeller>(Path.Combine(dir, SeedFiles.Sellers)),
            await ReadAsync<SeedCategory>(Path.Combine(dir, SeedFiles.Categories)),
            await ReadAsync<SeedProduct>(Path.Combine(dir, SeedFiles.Products)));
    }

    public int OfferCount => Products.Sum(p => p.Variants?.Sum(v => v.Offers?.Count ?? 0) ?? p.Offers?.Count ?? 0);

    /// <summary>Every product has at least one variant: a product without variants is its own default.</summary>
    public int VariantCount => Products.Sum(p => p.Variants?.Count ?? 1);

    /// <summary>Each variant's GTIN and offers; a product without variants is one, with the product's.</summary>
    public static IEnumerable<(string? Gtin, IReadOnlyList<SeedOffer> Offers)> VariantsOf(SeedProduct product) =>
        product.Variants is { } variants ? variants.Select(v => (v.Gtin, v.Offers ?? [])) : [(product.Gtin, product.Offers ?? [])];

    public HashSet<string> LeafSlugs()
    {
        var parents = Categories.Where(c => c.Parent is not null).Select(c => c.Parent!).ToHashSet();
        return Categories.Where(c => !parents.Contains(c.Slug)).Select(c => c.Slug).ToHashSet();
    }

    /// <summary>1 for a top-level category.</summary>
    public int Depth(string slug)
    {
        var bySlug = Categories.ToDictionary(c => c.Slug);
        var depth = 0;
        for (SeedCategory? c = bySlug[slug]; c is not null; c = c.Parent is null ? null : bySlug[c.Parent]) depth++;
        return depth;
    }

    public string Department(string slug)
    {
        var bySlug = Categories.ToDictionary(c => c.Slug);
        var c = bySlug[slug];
        while (c.Parent is not null) c = bySlug[c.Parent];
        return c.Slug;
    }

    public static string? Attribute(SeedProduct product, string name) =>
        product.Attributes?.FirstOrDefault(a => a.Name == name)?.Value;

    /// <summary>What the loader and the model rely on: counts, references, uniqueness and column limits.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        void Check(bool ok, string problem)
        {
            if (!ok) problems.Add(problem);
        }

        Check(Manifest.Sellers == Sellers.Count, $"manifest says {Manifest.Sellers} sellers, file has {Sellers.Count}");
        Check(Manifest.Categories == Categories.Count, $"manifest says {Manifest.Categories} categories, file has {Categories.Count}");
        Check(Manifest.Products == Products.Count, $"manifest says {Manifest.Products} products, file has {Products.Count}");
        Check(Manifest.Offers == OfferCount, $"manifest says {Manifest.Offers} offers, files have {OfferCount}");
        Check(Manifest.Variants is null || Manifest.Variants == VariantCount, $"manifest says {Manifest.Variants} variants, files have {VariantCount}");
        Check(Manifest.Currency == "USD", $"currency {Manifest.Currency}");

        var handles = new HashSet<string>();
        foreach (var s in Sellers)
        {
            Check(handles.Add(s.Handle), $"seller handle {s.Handle} repeats");
            Check(SlugPattern().IsMatch(s.Handle) && s.Handle.Length <= Limits.Handle, $"seller handle {s.Handle} is not a short slug");
            Check(s.Name.Length is > 0 and <= Limits.Name, $"seller {s.Handle} name length");
            Check(SellerStatuses.Contains(s.Status), $"seller {s.Handle} status {s.Status}");
            Check(s.CommissionRate is >= 0.05m and <= 0.20m, $"seller {s.Handle} commission {s.CommissionRate}");
            Check(s.ContactEmail is { Length: <= Limits.Email } email && email.Contains('@'), $"seller {s.Handle} email");
            Check(s.ShippingRates is { Count: > 0 } rates && rates.All(r => r.CountryCode == "US" && r.Price >= 0),
                $"seller {s.Handle} shipping rates");
        }

        var categorySlugs = new HashSet<string>();
        foreach (var c in Categories)
        {
            Check(SlugPattern().IsMatch(c.Slug) && c.Slug.Length <= Limits.Slug, $"category slug {c.Slug}");
            Check(c.Parent is null || categorySlugs.Contains(c.Parent), $"category {c.Slug} comes before its parent {c.Parent}");
            Check(categorySlugs.Add(c.Slug), $"category slug {c.Slug} repeats");
            Check(c.Name.Length is > 0 and <= Limits.Name, $"category {c.Slug} name length");
        }
        var leaves = LeafSlugs();
        foreach (var leaf in leaves)
            Check(Depth(leaf) == 3, $"leaf {leaf} is at depth {Depth(leaf)}, not 3");

        var productSlugs = new HashSet<string>();
        var gtins = new HashSet<string>();
        var skus = new HashSet<(string, string)>();
        foreach (var p in Products)
        {
            Check(productSlugs.Add(p.Slug), $"product slug {p.Slug} repeats");
            Check(SlugPattern().IsMatch(p.Slug) && p.Slug.Length <= Limits.Slug, $"product slug {p.Slug}");
            Check(p.Title.Length is > 0 and <= Limits.Title, $"product {p.Slug} title length");
            Check(leaves.Contains(p.Category), $"product {p.Slug} is in {p.Category}, not a leaf category");
            foreach (var (gtin, _) in VariantsOf(p))
            {
                Check(gtin is not null && gtin.Length == 13 && Gtin.Normalize(gtin) is not null, $"product {p.Slug} GTIN {gtin} is not a valid EAN-13");
                Check(gtin is null || gtins.Add(gtin), $"product {p.Slug} GTIN {gtin} repeats");
            }
            if (p.Variants is { } variants)
            {
                var options = p.Options ?? [];
                Check(p.Gtin is null && p.Offers is null, $"product {p.Slug} has variants and a GTIN or offers of its own");
                Check(variants.Count == options.Aggregate(1, (n, o) => n * o.Values.Count), $"product {p.Slug} has {variants.Count} variants, not one per combination");
                Check(variants.All(v => v.Options?.Count == options.Count && v.Options.All(o => options.Any(x => x.Name == o.Name && x.Values.Contains(o.Value)))),
                    $"product {p.Slug} has a variant whose options are not the product's");
                Check(options.All(o => o.Name.Length <= Limits.AttributeName && o.Values.All(v => v.Length is > 0 and <= Limits.AttributeValue)), $"product {p.Slug} option lengths");
            }
            Check(p.Description is { Length: > 0 and <= Limits.Description }, $"product {p.Slug} description");
            Check(p.Brand is { Length: > 0 and <= Limits.Name }, $"product {p.Slug} brand");

            var attributes = p.Attributes ?? [];
            Check(attributes.Count is > 0 and <= Limits.AttributesPerProduct, $"product {p.Slug} has {attributes.Count} attributes");
            Check(attributes.Select(a => a.Name).Distinct().Count() == attributes.Count, $"product {p.Slug} repeats an attribute");
            Check(attributes.All(a => a.Name.Length is > 0 and <= Limits.AttributeName && a.Value.Length is > 0 and <= Limits.AttributeValue),
                $"product {p.Slug} attribute lengths");

            var images = p.Images ?? [];
            Check(images.Count is >= 1 and <= 3, $"product {p.Slug} has {images.Count} images");
            Check(images.All(i => i.Url.StartsWith("https://", StringComparison.Ordinal) && i.Url.Length <= Limits.Url),
                $"product {p.Slug} image urls");

            Check(p.Variants is not null || p.Offers is { Count: >= 1 and <= 4 }, $"product {p.Slug} has {p.Offers?.Count} offers");
            foreach (var (_, offers) in VariantsOf(p))
            {
            Check(offers.Count <= 4, $"a variant of product {p.Slug} has {offers.Count} offers");
            Check(offers.Select(o => o.Seller).Distinct().Count() == offers.Count, $"a variant of product {p.Slug} has two offers from one seller");
            foreach (var o in offers)
            {
                Check(handles.Contains(o.Seller), $"product {p.Slug} offer from unknown seller {o.Seller}");
                Check(o.Sku.Length is > 0 and <= Limits.Sku, $"SKU {o.Sku} length");
                Check(skus.Add((o.Seller, o.Sku)), $"SKU {o.Sku} repeats for seller {o.Seller}");
                Check(o.Price > 0 && o.Price == decimal.Round(o.Price, 2), $"SKU {o.Sku} price {o.Price}");
                Check(o.CompareAtPrice is null || o.CompareAtPrice > o.Price, $"SKU {o.Sku} compare-at {o.CompareAtPrice} not above {o.Price}");
                Check(o.Stock is >= 0 and <= 200, $"SKU {o.Sku} stock {o.Stock}");
                Check(OfferConditions.Contains(o.Condition), $"SKU {o.Sku} condition {o.Condition}");
                Check(OfferStatuses.Contains(o.Status), $"SKU {o.Sku} status {o.Status}");
            }
            }
        }
        return problems.Take(20).ToList();
    }

    private static async Task<List<T>> ReadAsync<T>(string path)
    {
        var records = new List<T>();
        await foreach (var record in SeedFiles.ReadLinesAsync<T>(path))
            records.Add(record);
        return records;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();
}
