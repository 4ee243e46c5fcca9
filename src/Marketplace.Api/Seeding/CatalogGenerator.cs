using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Bogus;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;

namespace Marketplace.Api.Seeding;

/// <summary>
/// Writes a synthetic marketplace in the seed format: sellers, a three-level category tree and
/// products with their offers. The same seed and sizes give byte-identical files, and products
/// are streamed one at a time, so a million of them cost no more memory than ten.
/// </summary>
public sealed class CatalogGenerator(int randomSeed = 42)
{
    public const string Currency = "USD";

    /// <summary>Written to the manifest.</summary>
    public string Name { get; init; } = "synthetic";

    public int RandomSeed { get; } = randomSeed;

    /// <summary>
    /// Writes product families (apparel in sizes and colors, shoes in sizes, electronics in storage or colors) with
    /// a GTIN per variant and sellers offering subsets of each family; off, every product is a single variant.
    /// </summary>
    public bool Families { get; init; }

    public async Task<SeedManifest> WriteAsync(
        string outDir, int products, int sellers, IProgress<int>? productsWritten = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        ArgumentOutOfRangeException.ThrowIfNegative(products);
        ArgumentOutOfRangeException.ThrowIfLessThan(sellers, 1);
        ct.ThrowIfCancellationRequested();
        Directory.CreateDirectory(outDir);

        var vocabulary = CatalogVocabulary.Default;
        // Fresh randomizers on every call, so one generator writes the same files each time.
        var sellerFaker = new Faker("en") { Random = new Randomizer(RandomSeed) };
        var productRandom = new Randomizer(unchecked(RandomSeed * 7919 + 17));

        var sellerPool = SellerFactory.Create(sellerFaker, vocabulary, sellers);
        await using (var writer = new JsonLinesWriter(Path.Combine(outDir, SeedFiles.Sellers)))
        {
            foreach (var seller in sellerPool.Sellers)
                await writer.WriteAsync(seller.Record, ct);
        }

        await using (var writer = new JsonLinesWriter(Path.Combine(outDir, SeedFiles.Categories)))
        {
            foreach (var category in vocabulary.Categories)
                await writer.WriteAsync(category, ct);
        }

        long offers = 0, variants = 0;
        var factory = new ProductFactory(productRandom, vocabulary, sellerPool, Families);
        await using (var writer = new JsonLinesWriter(Path.Combine(outDir, SeedFiles.Products)))
        {
            for (var i = 0; i < products; i++)
            {
                ct.ThrowIfCancellationRequested();
                var product = factory.Create(i);
                offers += product.Variants?.Sum(v => v.Offers?.Count ?? 0) ?? product.Offers!.Count;
                variants += product.Variants?.Count ?? 1;
                await writer.WriteAsync(product, ct);
                if ((i + 1) % 10_000 == 0) productsWritten?.Report(i + 1);
            }
        }
        if (products % 10_000 != 0) productsWritten?.Report(products);

        var manifest = new SeedManifest(Name, Currency, sellers, vocabulary.Categories.Length, products, checked((int)offers), RandomSeed,
            Families ? checked((int)variants) : null);
        var manifestOptions = new JsonSerializerOptions(SeedFiles.Json)
        {
            WriteIndented = true,
            NewLine = "\n",
            Encoder = JsonLinesWriter.WriterOptions.Encoder,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, manifestOptions);
        await File.WriteAllBytesAsync(Path.Combine(outDir, SeedFiles.Manifest), [.. bytes, (byte)'\n'], ct);
        return manifest;
    }

    internal sealed record GeneratedSeller(SeedSeller Record, int Department, string SkuPrefix);

    internal sealed class SellerPool(
        ImmutableArray<GeneratedSeller> sellers, ImmutableArray<ImmutableArray<int>> byDepartment, ImmutableArray<int> generalists)
    {
        public ImmutableArray<GeneratedSeller> Sellers { get; } = sellers;

        /// <summary>Indexes of the sellers specialized in each department.</summary>
        public ImmutableArray<ImmutableArray<int>> ByDepartment { get; } = byDepartment;

        /// <summary>Indexes of the sellers with no department.</summary>
        public ImmutableArray<int> Generalists { get; } = generalists;
    }

    internal static class SellerFactory
    {
        public static SellerPool Create(Faker faker, CatalogVocabulary vocabulary, int count)
        {
            var random = faker.Random;
            var departments = vocabulary.Departments;
            var statuses = AssignStatuses(random, count);
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var handles = new HashSet<string>(StringComparer.Ordinal);
            var sellers = ImmutableArray.CreateBuilder<GeneratedSeller>(count);
            var byDepartment = departments.Select(_ => new List<int>()).ToArray();
            var generalists = new List<int>();
            var totalWeight = departments.Sum(d => d.SellerWeight);

            for (var i = 0; i < count; i++)
            {
                // One seller in five is a generalist; the rest lean towards one department.
                var department = random.Double() < 0.2 ? -1 : PickWeighted(random, departments, totalWeight);
                var suffixes = department < 0 ? CatalogVocabulary.GeneralSellerSuffixes : departments[department].SellerSuffixes;
                var name = UniqueName(random, names, suffixes);
                var handle = UniqueHandle(names.Count, Slugs.From(name, Limits.Handle - 8), handles);
                var city = Pick(random, CatalogVocabulary.SellerCities);
                var pitch = department < 0 ? "a bit of everything" : departments[department].SellerPitch;
                var commission = random.Number(10, 40) / 200m;

                var record = new SeedSeller(
                    Handle: handle,
                    Name: name,
                    Status: statuses[i],
                    CommissionRate: commission,
                    ContactEmail: $"{Pick(random, CatalogVocabulary.EmailLocals)}@{handle}.example",
                    // 555-01xx numbers are reserved for fiction.
                    ContactPhone: faker.Phone.PhoneNumber($"+1 {random.Number(2, 9)}##-555-01##"),
                    Description: $"Independent seller of {pitch}, shipping from {city}.",
                    ShippingRates: ShippingRates(random));
                (department >= 0 ? byDepartment[department] : generalists).Add(i);
                sellers.Add(new GeneratedSeller(record, department, SkuPrefix(name)));
            }

            return new SellerPool(sellers.MoveToImmutable(), [.. byDepartment.Select(l => l.ToImmutableArray())], [.. generalists]);
        }

        private static string[] AssignStatuses(Randomizer random, int count)
        {
            var statuses = Enumerable.Repeat("ACTIVE", count).ToArray();
            if (count < 10) return statuses;
            // The first seller always stays active, so a catalog always has someone selling.
            var suspended = count >= 1_000 ? 2 : 1;
            var pending = Math.Max(1, count / 50);
            var candidates = Enumerable.Range(1, count - 1).ToArray();
            for (var i = 0; i < suspended + pending; i++)
            {
                var j = random.Number(i, candidates.Length - 1);
                (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
                statuses[candidates[i]] = i < suspended ? "SUSPENDED" : "PENDING";
            }
            return statuses;
        }

        private static string UniqueName(Randomizer random, HashSet<string> names, ImmutableArray<string> suffixes)
        {
            for (var attempt = 0; attempt < 40; attempt++)
            {
                var prefix = Pick(random, CatalogVocabulary.SellerPrefixes);
                var suffix = Pick(random, suffixes);
                var name = attempt switch
                {
                    < 10 when random.Double() < 0.6 => $"{prefix} {suffix}",
                    < 20 => $"{prefix} {Pick(random, CatalogVocabulary.SellerMiddles)} {suffix}",
                    _ => $"{prefix} {Pick(random, CatalogVocabulary.SellerMiddles)} {suffix} of {Pick(random, CatalogVocabulary.SellerCities)[..^4]}",
                };
                if (names.Add(name)) return name;
            }
            var numbered = $"{Pick(random, CatalogVocabulary.SellerPrefixes)} {Pick(random, suffixes)} No. {names.Count + 1}";
            names.Add(numbered);
            return numbered;
        }

        private static string UniqueHandle(int ordinal, string slug, HashSet<string> handles)
        {
            if (handles.Add(slug)) return slug;
            var numbered = $"{slug}-{ordinal}";
            for (var n = 2; !handles.Add(numbered); n++) numbered = $"{slug}-{ordinal}-{n}";
            return numbered;
        }

        private static string SkuPrefix(string name)
        {
            var initials = new StringBuilder(3);
            foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (initials.Length == 3) break;
                if (char.IsAsciiLetter(word[0])) initials.Append(char.ToUpperInvariant(word[0]));
            }
            return initials.ToString();
        }

        private static SeedShippingRate[] ShippingRates(Randomizer random)
        {
            decimal?[] freeOver = [null, 35m, 49m, 50m, 75m, 99m];
            decimal[] standardPrices = [0m, 3.99m, 4.95m, 4.99m, 5.99m, 6.95m, 7.99m];
            var standardPrice = Pick(random, standardPrices);
            var minDays = random.Number(2, 4);
            var standard = new SeedShippingRate(
                "Standard", "US", standardPrice, standardPrice == 0m ? null : Pick(random, freeOver), minDays, minDays + random.Number(2, 4));
            if (random.Double() < 0.5) return [standard];
            decimal[] expressPrices = [9.99m, 12.99m, 14.99m, 19.99m, 24.99m];
            var express = new SeedShippingRate("Express", "US", Pick(random, expressPrices), null, 1, random.Number(2, 3));
            return [standard, express];
        }

        private static int PickWeighted(Randomizer random, ImmutableArray<DepartmentSpec> departments, int totalWeight)
        {
            var roll = random.Number(0, totalWeight - 1);
            for (var i = 0; i < departments.Length; i++)
            {
                roll -= departments[i].SellerWeight;
                if (roll < 0) return i;
            }
            return departments.Length - 1;
        }
    }

    internal static T Pick<T>(Randomizer random, IReadOnlyList<T> values) => values[random.Number(0, values.Count - 1)];

    internal static T Pick<T>(Randomizer random, ImmutableArray<T> values) => values[random.Number(0, values.Length - 1)];
}
