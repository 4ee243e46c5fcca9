namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>
/// Writes a deterministic history of synthetic shoppers over a catalog: the same catalog, seed, shopper count and end
/// time give the same history. Each shopper has hidden preferences (a gender, one or two favourite categories, a brand,
/// a size and a price band). A session mostly browses a favourite category (else a random one), views products drawn by
/// preference and by a product's general appeal, carts some and sometimes buys them; a bought product often brings its
/// companion (a fixed product of a related category in the same department) into the same order, which is the signal
/// "frequently bought together" can find.
/// </summary>
public sealed class HistoryGenerator(EvaluationCatalog catalog, int seed)
{
    /// <summary>The history covers this many days, ending at the end time given.</summary>
    public const int Days = 25;

    /// <summary>The first 80% of the timeline is training history (days 1-20); the last 20% (days 21-25) is held out.</summary>
    public const double TrainingShare = 0.8;

    private const double FavouriteCategoryShare = 0.8;
    private const double CartRate = 0.55;
    private const double SecondCartRate = 0.2;
    private const double PurchaseRate = 0.6;
    private const double CompanionRate = 0.5;

    public SyntheticHistory Generate(int shopperCount, DateTime end)
    {
        var random = new Random(seed);
        end = DateTime.SpecifyKind(end, DateTimeKind.Utc);
        var start = end.AddDays(-Days);
        var cutoff = start.AddDays(Days * TrainingShare);

        var items = catalog.Items.OrderBy(i => i.ProductId).ToList();
        // A product's general appeal: a long tail, so some products are popular with everyone.
        var appeal = Shuffle(items, random).Select((item, rank) => (item.ProductId, Weight: 1 / Math.Pow(rank + 1, 0.7)))
            .ToDictionary(a => a.ProductId, a => a.Weight);
        var companions = Companions(items, random);

        var shoppers = new List<SyntheticShopper>();
        var events = new List<(int Shopper, int Session, SyntheticAction Action, CatalogItem Item, CatalogVariant Variant, DateTime At)>();
        for (var number = 1; number <= shopperCount; number++)
        {
            var preferences = Preferences(items, random);
            var shopper = new SyntheticShopper(number, $"eval-shopper-{number:D5}", $"eval-visitor-{number:D5}", preferences);
            shoppers.Add(shopper);
            var eligible = items.Where(i => Fits(i, preferences.Gender)).ToList();
            var bought = new HashSet<long>();
            var sessions = 6 + random.Next(9);
            var starts = Enumerable.Range(0, sessions).Select(_ => start.AddMinutes(random.Next((Days * 24 - 2) * 60))).Order().ToList();
            for (var session = 0; session < sessions; session++)
            {
                var at = starts[session];
                var category = random.NextDouble() < FavouriteCategoryShare
                    ? preferences.Categories[preferences.Categories.Count == 1 || random.NextDouble() < 0.65 ? 0 : 1]
                    : eligible[random.Next(eligible.Count)].Category;
                var candidates = eligible.Where(i => i.Category == category).ToList();
                double Weight(CatalogItem i) => appeal[i.ProductId] * (i.Brand == preferences.Brand ? 4 : 1) * (i.PriceBand == preferences.PriceBand ? 2 : 1);
                var viewed = Draw(candidates, Weight, 2 + random.Next(5), random);
                foreach (var item in viewed)
                {
                    at = at.AddMinutes(1 + random.Next(4));
                    events.Add((number, session, SyntheticAction.View, item, VariantFor(item, preferences), at));
                }
                if (random.NextDouble() >= CartRate) continue;
                var carted = Draw(viewed.Where(i => !bought.Contains(i.ProductId)).ToList(), Weight, random.NextDouble() < SecondCartRate ? 2 : 1, random);
                foreach (var item in carted)
                {
                    at = at.AddMinutes(1 + random.Next(3));
                    events.Add((number, session, SyntheticAction.AddToCart, item, VariantFor(item, preferences), at));
                }
                if (carted.Count == 0 || random.NextDouble() >= PurchaseRate) continue;
                var order = carted.ToList();
                foreach (var item in carted)
                {
                    if (random.NextDouble() >= CompanionRate || !companions.TryGetValue(item.ProductId, out var companion)) continue;
                    if (bought.Contains(companion.ProductId) || order.Contains(companion)) continue;
                    at = at.AddMinutes(1 + random.Next(3));
                    events.Add((number, session, SyntheticAction.View, companion, VariantFor(companion, preferences), at));
                    at = at.AddMinutes(1);
                    events.Add((number, session, SyntheticAction.AddToCart, companion, VariantFor(companion, preferences), at));
                    order.Add(companion);
                }
                at = at.AddMinutes(2 + random.Next(5));
                foreach (var item in order)
                {
                    events.Add((number, session, SyntheticAction.Purchase, item, VariantFor(item, preferences), at));
                    bought.Add(item.ProductId);
                }
            }
        }
        var ordered = events.OrderBy(e => e.At).ThenBy(e => e.Shopper).ThenBy(e => e.Session).ToList();
        return new SyntheticHistory(start, cutoff, end, shoppers,
            [.. ordered.Select((e, i) => new SyntheticEvent(i + 1, e.Shopper, e.Session, e.Action, e.Item.ProductId, e.Variant.VariantId, e.Variant.OfferId, e.At))]);
    }

    /// <summary>Women or men; favourite categories with enough products for them, a brand and price band found there, a size if the categories have sizes.</summary>
    private static ShopperPreferences Preferences(List<CatalogItem> items, Random random)
    {
        var gender = random.NextDouble() < 0.5 ? "women" : "men";
        var categories = items.Where(i => Fits(i, gender)).GroupBy(i => i.Category).Where(g => g.Count() >= 4)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var first = Draw(categories, g => g.Count(), 1, random)[0];
        // A second favourite, when there is one, is mostly in the same department: people shop a corner of the store.
        var second = random.NextDouble() < 0.6
            ? Draw(categories.Where(g => g.Key != first.Key).ToList(), g => g.First().Department == first.First().Department ? 4 : 1, 1, random).FirstOrDefault()
            : null;
        var favourites = second is null ? new[] { first } : [first, second];
        var inFavourites = favourites.SelectMany(g => g).ToList();
        var brands = inFavourites.Where(i => i.Brand is not null).Select(i => i.Brand!).Distinct().Order(StringComparer.Ordinal).ToList();
        var sizes = inFavourites.SelectMany(i => i.Variants).Where(v => v.Size is not null).Select(v => v.Size!).Distinct().Order(StringComparer.Ordinal).ToList();
        return new ShopperPreferences(
            gender,
            [.. favourites.Select(g => g.Key)],
            brands.Count == 0 ? null : brands[random.Next(brands.Count)],
            sizes.Count == 0 ? null : sizes[random.Next(sizes.Count)],
            inFavourites[random.Next(inFavourites.Count)].PriceBand);
    }

    /// <summary>Each product's companion: a product of another category in its department, fixed per category pair.</summary>
    private static Dictionary<long, CatalogItem> Companions(List<CatalogItem> items, Random random)
    {
        var byCategory = items.GroupBy(i => i.Category).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var companions = new Dictionary<long, CatalogItem>();
        foreach (var category in byCategory)
        {
            var related = byCategory.Where(g => g.Key != category.Key && g.First().Department == category.First().Department).ToList();
            if (related.Count == 0) continue;
            var partner = related[random.Next(related.Count)].ToList();
            foreach (var item in category)
            {
                var matching = partner.Where(p => p.Gender is null || p.Gender == "unisex" || item.Gender is null || p.Gender == item.Gender).ToList();
                if (matching.Count > 0) companions[item.ProductId] = matching[random.Next(matching.Count)];
            }
        }
        return companions;
    }

    private static bool Fits(CatalogItem item, string gender) => item.Gender is null || item.Gender == "unisex" || item.Gender == gender;

    /// <summary>The shopper's size where the product comes in it, else its first variant.</summary>
    private static CatalogVariant VariantFor(CatalogItem item, ShopperPreferences preferences) =>
        item.Variants.FirstOrDefault(v => v.Size is not null && v.Size == preferences.Size) ?? item.Variants[0];

    /// <summary>Up to <paramref name="count"/> distinct items, each drawn with probability proportional to its weight.</summary>
    private static List<T> Draw<T>(IReadOnlyList<T> items, Func<T, double> weight, int count, Random random)
    {
        var pool = items.Select(i => (Item: i, Weight: weight(i))).ToList();
        var drawn = new List<T>();
        while (drawn.Count < count && pool.Count > 0)
        {
            var target = random.NextDouble() * pool.Sum(p => p.Weight);
            var index = 0;
            for (var acc = pool[0].Weight; acc < target && index < pool.Count - 1; acc += pool[++index].Weight) { }
            drawn.Add(pool[index].Item);
            pool.RemoveAt(index);
        }
        return drawn;
    }

    private static List<T> Shuffle<T>(IEnumerable<T> items, Random random)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }
}
