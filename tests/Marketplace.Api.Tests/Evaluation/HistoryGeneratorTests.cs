using Marketplace.Api.Recommendations.Evaluation;

namespace Marketplace.Api.Tests.Evaluation;

public sealed class HistoryGeneratorTests
{
    private static readonly DateTime End = new(2026, 11, 29, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A hand-made catalog: two departments, gendered apparel with sizes, ungendered home goods.</summary>
    private static readonly EvaluationCatalog Catalog = new([.. Items()], 60);

    private static IEnumerable<CatalogItem> Items()
    {
        var id = 0L;
        string[] bands = ["under-25", "25-50", "50-100"];
        foreach (var (category, department, gender) in new[]
        {
            ("women-jeans", "women", "women"), ("women-tops", "women", "women"), ("men-jeans", "men", "men"), ("men-shirts", "men", "men"),
            ("home-lamps", "home", (string?)null), ("home-rugs", "home", null),
        })
        {
            for (var i = 0; i < 8; i++)
            {
                id++;
                var sizes = gender is null ? new string?[] { null } : ["S", "M", "L"];
                yield return new CatalogItem(id, category, department, gender, $"brand-{i % 3}", bands[i % 3],
                    [.. sizes.Select((size, n) => new CatalogVariant(id * 10 + n, id * 100 + n, size))]);
            }
        }
    }

    [Fact]
    public void The_same_seed_writes_the_same_history_and_another_seed_another()
    {
        var first = new HistoryGenerator(Catalog, seed: 7).Generate(30, End);
        var again = new HistoryGenerator(Catalog, seed: 7).Generate(30, End);
        var other = new HistoryGenerator(Catalog, seed: 8).Generate(30, End);

        Assert.NotEmpty(first.Events);
        Assert.Equal(first.Events, again.Events);
        Assert.Equal(first.Shoppers.Select(s => s.Preferences.ToString()), again.Shoppers.Select(s => s.Preferences.ToString()));
        Assert.NotEqual(first.Events, other.Events);
    }

    [Fact]
    public void The_history_spans_25_days_to_the_end_with_the_cutoff_after_the_first_80_percent()
    {
        var history = new HistoryGenerator(Catalog, seed: 7).Generate(30, End);

        Assert.Equal(End.AddDays(-25), history.Start);
        Assert.Equal(End.AddDays(-5), history.Cutoff);
        Assert.All(history.Events, e => Assert.InRange(e.At, history.Start, history.End));
        Assert.Contains(history.Events, e => e.At < history.Cutoff);
        Assert.Contains(history.Events, e => e.At >= history.Cutoff);
    }

    [Fact]
    public void Shoppers_mostly_browse_their_favourite_categories_and_never_the_other_gender()
    {
        var history = new HistoryGenerator(Catalog, seed: 7).Generate(30, End);
        var items = Catalog.Items.ToDictionary(i => i.ProductId);

        var views = history.Events.Where(e => e.Action == SyntheticAction.View).Select(e => (Shopper: history.Shoppers[e.Shopper - 1], Item: items[e.ProductId])).ToList();

        Assert.All(views, v => Assert.True(v.Item.Gender is null || v.Item.Gender == v.Shopper.Preferences.Gender));
        Assert.True(views.Count(v => v.Shopper.Preferences.Categories.Contains(v.Item.Category)) > views.Count * 0.6);
    }

    [Fact]
    public void The_split_replays_only_events_before_the_cutoff_and_tests_on_products_carted_or_bought_after_it()
    {
        var history = new HistoryGenerator(Catalog, seed: 7).Generate(40, End);

        var split = EvaluationSplit.Of(history);

        Assert.All(split.Training, e => Assert.True(e.At < history.Cutoff));
        var heldOut = history.Events.Where(e => e.At >= history.Cutoff).Select(e => e.Sequence).ToHashSet();
        Assert.DoesNotContain(split.Training, e => heldOut.Contains(e.Sequence));
        Assert.Equal(history.Events.Count, split.Training.Count + heldOut.Count);
        Assert.NotEmpty(split.Shoppers);
        foreach (var shopper in split.Shoppers)
        {
            var later = history.Events.Where(e => e.Shopper == shopper.Shopper.Number && e.At >= history.Cutoff
                && e.Action is SyntheticAction.AddToCart or SyntheticAction.Purchase).Select(e => e.ProductId).ToHashSet();
            var trainingPurchases = split.Training.Where(e => e.Shopper == shopper.Shopper.Number && e.Action == SyntheticAction.Purchase)
                .Select(e => e.ProductId).ToHashSet();
            Assert.Subset(later, shopper.Test.ToHashSet());
            Assert.Empty(shopper.Test.Intersect(trainingPurchases));
            Assert.Equal(trainingPurchases, shopper.PurchasedInTraining.ToHashSet());
        }
    }

    [Fact]
    public void Popularity_ranks_training_purchases_over_views_and_leaves_out_what_the_shopper_bought()
    {
        SyntheticEvent E(int sequence, SyntheticAction action, long product) => new(sequence, 1, 0, action, product, product * 10, product * 100, End);
        var baseline = new PopularityBaseline([
            E(1, SyntheticAction.View, 1), E(2, SyntheticAction.View, 1), E(3, SyntheticAction.View, 1),
            E(5, SyntheticAction.View, 2), E(6, SyntheticAction.Purchase, 2), E(7, SyntheticAction.View, 3), E(8, SyntheticAction.AddToCart, 4)]);

        Assert.Equal(new long[] { 2, 1, 3 }, baseline.For(new HashSet<long>(), 10));
        Assert.Equal(new long[] { 1, 3 }, baseline.For(new HashSet<long> { 2 }, 10));
        Assert.Equal(new long[] { 2 }, baseline.For(new HashSet<long>(), 1));
    }
}
