using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Bogus;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using static Marketplace.Api.Seeding.CatalogGenerator;

namespace Marketplace.Api.Seeding;

/// <summary>Builds one product and its offers at a time from the vocabulary; holds no products.</summary>
internal sealed class ProductFactory
{
    // Codes come from an affine permutation of the product index, so they are unique without a
    // set of the ones already used, yet do not look sequential.
    private const long SlugCodeSpace = 2_176_782_336; // 36^6
    private const long SlugCodeMultiplier = 1_345_306_457; // about 0.618 of the space, coprime to 36
    private const long GtinSpace = 100_000_000_000;
    private const long GtinMultiplier = 61_803_398_873; // about 0.618 of the space, coprime to 10
    // 2xx GS1 prefixes are for restricted circulation, so these never collide with real barcodes.
    private const long GtinPrefix = 200_000_000_000;

    private readonly Randomizer random;
    private readonly CatalogVocabulary vocabulary;
    private readonly SellerPool sellers;
    private readonly int[] cumulativeLeafWeights;
    private readonly long slugOffset;
    private readonly long gtinOffset;
    private readonly StringBuilder text = new(256);
    private readonly int[] chosenSellers = new int[4];
    private readonly bool families;

    public ProductFactory(Randomizer random, CatalogVocabulary vocabulary, SellerPool sellers, bool families = false)
    {
        this.families = families;
        this.random = random;
        this.vocabulary = vocabulary;
        this.sellers = sellers;
        cumulativeLeafWeights = new int[vocabulary.Leaves.Length];
        var total = 0;
        for (var i = 0; i < cumulativeLeafWeights.Length; i++)
            cumulativeLeafWeights[i] = total += vocabulary.Leaves[i].Weight;
        slugOffset = random.Number(0, int.MaxValue - 1);
        gtinOffset = random.Number(0, int.MaxValue - 1) * 37L;
    }

    public SeedProduct Create(int index)
    {
        var leaf = PickLeaf();
        var noun = Pick(random, leaf.Nouns);
        var gender = Gender(leaf.Gender);
        var material = noun.Material ?? (leaf.Materials.IsEmpty ? null : Pick(random, leaf.Materials));
        var color = leaf.Colors.IsEmpty ? null : Pick(random, leaf.Colors);
        var size = leaf.Sizes.IsEmpty ? null : Pick(random, leaf.Sizes);
        var brand = Pick(random, leaf.Brands);
        var specs = new string[leaf.Specs.Length];
        for (var i = 0; i < specs.Length; i++) specs[i] = Pick(random, leaf.Specs[i].Values);
        var options = families ? FamilyOptions(leaf, specs) : [];
        // A family's sizes and colors are its options, not words of its title or attributes.
        foreach (var option in options)
        {
            if (option.Name == SizeOption) size = null;
            if (option.Name == ColorOption) color = null;
            if (option.Name == StorageOption) specs[StorageSpec(leaf)] = null!;
        }

        var (title, brandInTitle) = Title(leaf, noun, gender, material, color, brand, specs);
        var code = SlugCode(index);
        var slug = $"{Slugs.From(title, Limits.Slug - code.Length - 1)}-{code}";

        var attributes = new List<SeedAttribute>(4 + specs.Length);
        if (gender is not null) attributes.Add(new("gender", gender));
        if (leaf.Gender == GenderMode.Kids) attributes.Add(new("ageGroup", "kids"));
        if (color is not null) attributes.Add(new("color", color));
        if (size is not null) attributes.Add(new("size", size));
        if (material is not null) attributes.Add(new("material", material));
        for (var i = 0; i < specs.Length; i++)
            if (specs[i] is not null) attributes.Add(new(leaf.Specs[i].Name, specs[i]));

        var imageCount = random.Number(1, 3);
        var images = new SeedImage[imageCount];
        for (var n = 1; n <= imageCount; n++)
            images[n - 1] = new($"https://picsum.photos/seed/{slug}-{n}/800/800", n == 1 ? title : $"{title}, view {n}");

        var description = Description(leaf, title, brandInTitle, brand, material, color);
        if (options.Count == 0)
        {
            return new SeedProduct(
                Slug: slug,
                Title: title,
                Category: leaf.Slug,
                Brand: brand,
                Description: description,
                Gtin: families ? Gtin(index * MaxVariants) : Gtin(index),
                Attributes: attributes,
                Images: images,
                Offers: Offers(leaf, noun, code.ToUpperInvariant()));
        }
        return new SeedProduct(
            Slug: slug,
            Title: title,
            Category: leaf.Slug,
            Brand: brand,
            Description: description,
            Attributes: attributes,
            Images: images,
            Options: options,
            Variants: Variants(index, leaf, noun, code.ToUpperInvariant(), options));
    }

    private const string SizeOption = "Size", ColorOption = "Color", StorageOption = "Storage";
    // Variant GTINs are drawn for index * MaxVariants + variant, so they stay unique across products.
    private const int MaxVariants = 32;

    /// <summary>
    /// The options of a family: apparel in 3 to 6 consecutive sizes and 1 to 3 colors, shoes in sizes, electronics
    /// in storage or colors, home goods mostly alone.
    /// </summary>
    private List<SeedOption> FamilyOptions(LeafSpec leaf, string[] specs)
    {
        var options = new List<SeedOption>(2);
        switch (leaf.Kind)
        {
            case ProductKind.Apparel or ProductKind.Sports when !leaf.Sizes.IsEmpty:
                options.Add(new(SizeOption, Run(leaf.Sizes, 3, 6)));
                if (!leaf.Colors.IsEmpty && leaf.Kind == ProductKind.Apparel) options.Add(new(ColorOption, Some(leaf.Colors, 1, 3)));
                break;
            case ProductKind.Footwear when !leaf.Sizes.IsEmpty:
                options.Add(new(SizeOption, Run(leaf.Sizes, 4, 7)));
                break;
            case ProductKind.Electronics:
                var storage = StorageSpec(leaf);
                if (storage >= 0) options.Add(new(StorageOption, Run(leaf.Specs[storage].Values, 2, 3)));
                else if (!leaf.Colors.IsEmpty && random.Double() < 0.6) options.Add(new(ColorOption, Some(leaf.Colors, 2, 3)));
                break;
            case ProductKind.Home when !leaf.Colors.IsEmpty && random.Double() < 0.2:
                options.Add(new(ColorOption, Some(leaf.Colors, 2, 3)));
                break;
        }
        return options;
    }

    private static int StorageSpec(LeafSpec leaf)
    {
        for (var i = 0; i < leaf.Specs.Length; i++)
            if (leaf.Specs[i].Name == "storage") return i;
        return -1;
    }

    /// <summary>Between min and max consecutive values, as sizes run.</summary>
    private List<string> Run(ImmutableArray<string> values, int min, int max)
    {
        var count = Math.Min(values.Length, random.Number(min, max));
        var start = random.Number(0, values.Length - count);
        return values.Skip(start).Take(count).ToList();
    }

    /// <summary>Between min and max distinct values in the vocabulary's order.</summary>
    private List<string> Some(ImmutableArray<string> values, int min, int max)
    {
        var count = Math.Min(values.Length, random.Number(min, max));
        var picked = new SortedSet<int>();
        while (picked.Count < count) picked.Add(random.Number(0, values.Length - 1));
        return picked.Select(i => values[i]).ToList();
    }

    /// <summary>
    /// Every combination of the options, each with its own GTIN. The family's sellers each offer a subset of the
    /// variants, so some sizes have several sellers, some one, some none, and some offers have no stock.
    /// </summary>
    private List<SeedVariant> Variants(int index, LeafSpec leaf, NounSpec noun, string code, List<SeedOption> options)
    {
        var combinations = new List<List<SeedAttribute>> { new() };
        foreach (var option in options)
            combinations = combinations.SelectMany(c => option.Values.Select(v => new List<SeedAttribute>(c) { new(option.Name, v) })).ToList();

        var count = Math.Min(sellers.Sellers.Length, random.Double() switch { < 0.35 => 1, < 0.75 => 2, < 0.92 => 3, _ => 4 });
        for (var k = 0; k < count; k++) chosenSellers[k] = PickSeller(leaf.Department, k);
        var (minPrice, maxPrice) = (noun.MinPrice ?? leaf.MinPrice, noun.MaxPrice ?? leaf.MaxPrice);
        var basePrice = minPrice + (maxPrice - minPrice) * Square(random.Double());
        var factors = new double[count];
        for (var k = 0; k < count; k++) factors[k] = k == 0 ? 1 : 0.92 + 0.2 * random.Double();

        var variants = new List<SeedVariant>(combinations.Count);
        for (var v = 0; v < combinations.Count; v++)
        {
            // More storage costs more.
            var storage = combinations[v].Find(o => o.Name == StorageOption);
            var step = storage is null ? 1 : 1 + 0.25 * options.Find(o => o.Name == StorageOption)!.Values.ToList().IndexOf(storage.Value);
            var offers = new List<SeedOffer>(count);
            for (var k = 0; k < count; k++)
            {
                if (random.Double() >= (k == 0 ? 0.85 : 0.6)) continue;
                var seller = sellers.Sellers[chosenSellers[k]];
                offers.Add(new SeedOffer(
                    Seller: seller.Record.Handle,
                    Sku: $"{seller.SkuPrefix}-{leaf.SkuCode}-{code}-{v + 1}",
                    Price: Money(SnapPrice(basePrice * step * factors[k])),
                    Stock: random.Double() < 0.15 ? 0 : 1 + (int)(99 * Square(random.Double())),
                    Condition: Condition(leaf.Kind),
                    Status: random.Double() < 0.97 ? "ACTIVE" : "DRAFT"));
            }
            variants.Add(new SeedVariant(combinations[v], Gtin(index * MaxVariants + v), offers));
        }
        return variants;
    }

    private LeafSpec PickLeaf()
    {
        var roll = random.Number(0, cumulativeLeafWeights[^1] - 1);
        var i = Array.BinarySearch(cumulativeLeafWeights, roll + 1);
        return vocabulary.Leaves[i >= 0 ? i : ~i];
    }

    private string? Gender(GenderMode mode) => mode switch
    {
        GenderMode.Women => "women",
        GenderMode.Men => "men",
        GenderMode.Kids => "unisex",
        GenderMode.Mixed => random.Double() switch { < 0.45 => "women", < 0.9 => "men", _ => "unisex" },
        _ => null,
    };

    private (string Title, bool BrandInTitle) Title(
        LeafSpec leaf, NounSpec noun, string? gender, string? material, string? color, string brand, string[] specs)
    {
        var t = text.Clear();
        bool brandInTitle;
        string? modifier = null;
        var materialInTitle = 0.0;
        var colorSuffix = 0.0;
        switch (leaf.Kind)
        {
            case ProductKind.Apparel or ProductKind.Footwear or ProductKind.Accessory:
                brandInTitle = false;
                Append(t, (gender, leaf.Gender) switch
                {
                    (_, GenderMode.Kids) => "Kids'",
                    ("women", _) => "Women's",
                    ("men", _) => "Men's",
                    ("unisex", _) when random.Double() < 0.5 => "Unisex",
                    _ => null,
                });
                if (random.Double() < 0.15) Append(t, Pick(random, CatalogVocabulary.ApparelLines));
                modifier = Modifier(leaf, noun, 0.7);
                materialInTitle = 0.2;
                colorSuffix = 0.25;
                break;
            case ProductKind.Electronics:
                brandInTitle = true;
                Append(t, brand);
                Append(t, Pick(random, CatalogVocabulary.ModelLines));
                if (random.Double() < 0.5) Append(t, random.Number(2, 9).ToString(CultureInfo.InvariantCulture));
                if (random.Double() < 0.4) Append(t, Pick(random, CatalogVocabulary.ModelSuffixes));
                modifier = Modifier(leaf, noun, 0.5);
                break;
            case ProductKind.Home:
                brandInTitle = false;
                modifier = Modifier(leaf, noun, 0.7);
                materialInTitle = 0.5;
                colorSuffix = 0.2;
                break;
            case ProductKind.Sports:
                brandInTitle = random.Double() < 0.35;
                if (brandInTitle) Append(t, brand);
                modifier = Modifier(leaf, noun, 0.65);
                materialInTitle = 0.15;
                break;
            default:
                brandInTitle = true;
                Append(t, brand);
                modifier = Modifier(leaf, noun, 0.75);
                break;
        }
        Append(t, modifier);
        if (noun.Material is null && material is not null && random.Double() < materialInTitle
            && (modifier is null || !material.Contains(modifier, StringComparison.OrdinalIgnoreCase)))
            Append(t, material);
        Append(t, noun.Text);

        var hasColor = false;
        foreach (var name in leaf.TitleSpecs)
        {
            var value = name == "color" ? color : SpecValue(leaf, specs, name);
            if (value is null) continue;
            t.Append(", ").Append(value);
            hasColor |= name == "color";
        }
        if (!hasColor && color is not null && random.Double() < colorSuffix) t.Append(", ").Append(color);
        return (t.ToString(), brandInTitle);
    }

    private string? Modifier(LeafSpec leaf, NounSpec noun, double probability)
    {
        if (leaf.Modifiers.IsEmpty || random.Double() >= probability) return null;
        var modifier = Pick(random, leaf.Modifiers);
        // "Cropped Boxy Cropped T-Shirt" reads like a bug.
        return noun.Text.Contains(modifier, StringComparison.OrdinalIgnoreCase) ? null : modifier;
    }

    private static string? SpecValue(LeafSpec leaf, string[] specs, string name)
    {
        for (var i = 0; i < specs.Length; i++)
            if (leaf.Specs[i].Name == name) return specs[i];
        return null;
    }

    private static void Append(StringBuilder t, string? word)
    {
        if (word is null) return;
        if (t.Length > 0) t.Append(' ');
        t.Append(word);
    }

    private string Description(LeafSpec leaf, string title, bool brandInTitle, string brand, string? material, string? color)
    {
        var comma = title.IndexOf(',');
        var core = comma < 0 ? title : title[..comma];
        var t = text.Clear();
        t.Append(brandInTitle ? $"The {core}." : $"{core} by {brand}.");

        var sentences = leaf.Sentences;
        Span<int> order = stackalloc int[sentences.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var wanted = random.Number(2, 3);
        for (int i = 0, taken = 0; i < order.Length && taken < wanted; i++)
        {
            var j = random.Number(i, order.Length - 1);
            (order[i], order[j]) = (order[j], order[i]);
            var sentence = sentences[order[i]];
            if ((material is null && sentence.Contains("{material}")) || (color is null && sentence.Contains("{color}")))
                continue;
            t.Append(' ').Append(sentence);
            taken++;
        }
        t.Replace("{brand}", brand);
        if (material is not null) t.Replace("{material}", material.ToLowerInvariant());
        if (color is not null) t.Replace("{color}", color.ToLowerInvariant());
        return t.ToString();
    }

    private SeedOffer[] Offers(LeafSpec leaf, NounSpec noun, string code)
    {
        var roll = random.Double();
        var count = Math.Min(sellers.Sellers.Length, roll switch { < 0.64 => 1, < 0.86 => 2, < 0.95 => 3, _ => 4 });
        for (var k = 0; k < count; k++) chosenSellers[k] = PickSeller(leaf.Department, k);

        var (minPrice, maxPrice) = (noun.MinPrice ?? leaf.MinPrice, noun.MaxPrice ?? leaf.MaxPrice);
        var basePrice = minPrice + (maxPrice - minPrice) * Square(random.Double());
        var offers = new SeedOffer[count];
        for (var k = 0; k < count; k++)
        {
            var seller = sellers.Sellers[chosenSellers[k]];
            var price = SnapPrice(k == 0 ? basePrice : basePrice * (0.92 + 0.2 * random.Double()));
            long? compareAt = null;
            if (random.Double() < 0.2)
            {
                var candidate = SnapPrice(price / 100.0 * (1.15 + 0.45 * random.Double()));
                if (candidate > price) compareAt = candidate;
            }
            offers[k] = new SeedOffer(
                Seller: seller.Record.Handle,
                Sku: $"{seller.SkuPrefix}-{leaf.SkuCode}-{code}",
                Price: Money(price),
                Stock: random.Double() < 0.1 ? 0 : 1 + (int)(199 * Square(random.Double())),
                CompareAtPrice: compareAt is { } c ? Money(c) : null,
                Condition: Condition(leaf.Kind),
                Status: random.Double() switch { < 0.95 => "ACTIVE", < 0.99 => "DRAFT", _ => "ARCHIVED" });
        }
        return offers;
    }

    /// <summary>
    /// Sellers of the product's department are likeliest, then generalists, then anyone, so a
    /// beauty shop rarely lists a sofa. The first offer leans hardest on the specialists.
    /// </summary>
    private int PickSeller(int department, int taken)
    {
        var specialists = sellers.ByDepartment[department];
        var (specialistOdds, generalistOdds) = taken == 0 ? (0.7, 0.9) : (0.5, 0.85);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var roll = random.Double();
            var candidate = roll switch
            {
                _ when roll < specialistOdds && !specialists.IsEmpty => specialists[Skewed(specialists.Length)],
                _ when roll < generalistOdds && !sellers.Generalists.IsEmpty => sellers.Generalists[Skewed(sellers.Generalists.Length)],
                _ => Skewed(sellers.Sellers.Length),
            };
            if (Array.IndexOf(chosenSellers, candidate, 0, taken) < 0) return candidate;
        }
        for (var candidate = 0; ; candidate++)
            if (Array.IndexOf(chosenSellers, candidate, 0, taken) < 0) return candidate;
    }

    /// <summary>Half uniform, half favoring the front, so a few sellers are large and most are small.</summary>
    private int Skewed(int count) =>
        random.Double() < 0.5 ? random.Number(0, count - 1) : Math.Min(count - 1, (int)(count * Square(random.Double())));

    private string Condition(ProductKind kind) => kind switch
    {
        ProductKind.Electronics => random.Double() switch { < 0.85 => "NEW", < 0.97 => "REFURBISHED", _ => "USED" },
        ProductKind.Sports => random.Double() < 0.95 ? "NEW" : "USED",
        _ => "NEW",
    };

    /// <summary>Rounds to a shelf price in cents: 19.99, 24.95, 12.00, 139.99, 140.00.</summary>
    private long SnapPrice(double dollars)
    {
        var whole = Math.Max(1L, (long)dollars);
        var roll = random.Double();
        if (whole >= 100)
            return roll < 0.7 ? (whole - whole % 10 + 9) * 100 + 99 : (whole - whole % 10 + 10) * 100;
        return roll switch
        {
            < 0.55 => whole * 100 + 99,
            < 0.7 => whole * 100 + 95,
            < 0.85 when whole >= 10 => whole * 100,
            < 0.93 => whole * 100 + 49,
            _ => whole * 100 + 50,
        };
    }

    private static decimal Money(long cents) => new((int)cents, 0, 0, false, 2);

    private static double Square(double x) => x * x;

    private string SlugCode(int index)
    {
        var value = (long)(((UInt128)(ulong)index * SlugCodeMultiplier + (ulong)slugOffset) % SlugCodeSpace);
        Span<char> chars = stackalloc char[6];
        for (var i = 5; i >= 0; i--)
        {
            chars[i] = "0123456789abcdefghijklmnopqrstuvwxyz"[(int)(value % 36)];
            value /= 36;
        }
        return new string(chars);
    }

    private string Gtin(int index) =>
        Catalog.Gtin.Ean13(GtinPrefix + (long)(((UInt128)(ulong)index * GtinMultiplier + (ulong)gtinOffset) % GtinSpace));
}
