using System.Globalization;
using Bogus;
using Marketplace.Api.Catalog;
using Marketplace.Api.Search;
using Marketplace.Api.Seeding;

namespace Marketplace.Api.Benchmarks.Search;

/// <summary>
/// Product documents straight from the seed generator's records (families of sizes and colors), without a database:
/// the same products <c>prepare</c> loads, shaped as <see cref="ProductDocuments"/> would shape them.
/// </summary>
internal sealed class SeedDocuments
{
    private static readonly DateTime Epoch = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly Dictionary<string, DocumentCategory[]> pathsByLeaf;
    private readonly Dictionary<string, (long Id, SeedSeller Record)> sellersByHandle;
    private readonly ProductFactory factory;

    public SeedDocuments(int sellers, int randomSeed = 42)
    {
        var vocabulary = CatalogVocabulary.Default;
        var pool = CatalogGenerator.SellerFactory.Create(new Faker("en") { Random = new Randomizer(randomSeed) }, vocabulary, sellers);
        sellersByHandle = pool.Sellers.Select((s, i) => (Id: (long)i + 1, s.Record)).ToDictionary(s => s.Record.Handle);
        factory = new ProductFactory(new Randomizer(unchecked(randomSeed * 7919 + 17)), vocabulary, pool, families: true);

        var categories = vocabulary.Categories.Select((c, i) => (Record: c, Category: new DocumentCategory(i + 1, c.Slug, c.Name))).ToList();
        var bySlug = categories.ToDictionary(c => c.Record.Slug);
        pathsByLeaf = categories.ToDictionary(c => c.Record.Slug, c =>
        {
            var path = new List<DocumentCategory>();
            for (var at = c; ; at = bySlug[at.Record.Parent!])
            {
                path.Insert(0, at.Category);
                if (at.Record.Parent is null) break;
            }
            return path.ToArray();
        });
        TopCategories = categories.Where(c => c.Record.Parent is null).Select(c => c.Category).ToList();
    }

    public IReadOnlyList<DocumentCategory> TopCategories { get; }

    /// <summary>The next products in generator order, skipping those nobody can buy.</summary>
    public IEnumerable<ProductDocument> Generate(int count)
    {
        for (var index = 0; index < count; index++)
        {
            var document = ToDocument(index, factory.Create(index));
            if (document is not null) yield return document;
        }
    }

    private ProductDocument? ToDocument(int index, SeedProduct product)
    {
        var variants = product.Variants ?? [new SeedVariant([], product.Gtin, product.Offers)];
        var visible = new List<(SeedOffer Offer, IReadOnlyList<SeedAttribute> Options)>();
        foreach (var variant in variants)
        foreach (var offer in variant.Offers ?? [])
            if (offer.Status == "ACTIVE" && sellersByHandle[offer.Seller].Record.Status == "ACTIVE")
                visible.Add((offer, variant.Options ?? []));
        if (visible.Count == 0) return null;

        var inStock = visible.Where(v => v.Offer.Stock > 0).ToList();
        var options = new Dictionary<(string, string), bool>();
        foreach (var (offer, selected) in visible)
        foreach (var option in selected)
            options[(option.Name, option.Value)] = options.GetValueOrDefault((option.Name, option.Value)) || offer.Stock > 0;
        var price = (inStock.Count > 0 ? inStock : visible).Min(v => v.Offer.Price);

        // A deterministic, skewed popularity: most products are rarely bought, a few often.
        var hash = (uint)(index * 2654435761u);
        var popularity = Math.Round(Math.Pow(hash / (double)uint.MaxValue, 4) * 1000, 2);
        return new ProductDocument
        {
            ProductId = index + 1,
            Title = product.Title,
            Description = product.Description,
            Brand = product.Brand,
            Categories = pathsByLeaf[product.Category],
            Attributes = (product.Attributes ?? []).Select(a => new DocumentAttribute(a.Name, a.Value)).ToList(),
            OptionValues = options.Select(o => new DocumentOptionValue(o.Key.Item1, o.Key.Item2, o.Value)).ToList(),
            PriceMinor = Money.ToMinorCeiling(price, CatalogGenerator.Currency),
            MaxPriceMinor = Money.ToMinorCeiling(visible.Max(v => v.Offer.Price), CatalogGenerator.Currency),
            InStock = inStock.Count > 0,
            Sellers = visible.Select(v => v.Offer.Seller).Distinct()
                .Select(h => new DocumentSeller(sellersByHandle[h].Id, h, sellersByHandle[h].Record.Name)).ToList(),
            OfferCount = visible.Count,
            Popularity = popularity,
            CreatedAt = Epoch.AddMinutes(index),
        };
    }
}
