using System.CommandLine;
using System.Globalization;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Recommendations.Evaluation;
using Marketplace.Api.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Marketplace.Api.Cli;

/// <summary>`eval recommendations`: the offline evaluation of the recommendation strategies (README, "Offline evaluation").</summary>
internal static class EvalCommand
{
    public static Command Create(Action<IServiceCollection>? configureServices)
    {
        var shoppers = new Option<int>("--shoppers") { Description = "How many synthetic shoppers.", DefaultValueFactory = _ => 400 };
        var randomSeed = new Option<int>("--seed") { Description = "Random seed: the same seed replays the same history.", DefaultValueFactory = _ => 42 };
        var recommendations = new Command("recommendations",
            "Replay a synthetic shopping history into a throwaway copy of the demo marketplace and score each recommendation strategy, " +
            "the HOME blend and a popularity baseline on what the shoppers went on to cart and buy.") { shoppers, randomSeed };
        recommendations.SetAction(async (result, ct) =>
        {
            var (count, seed) = (result.GetValue(shoppers), result.GetValue(randomSeed));
            if (count < 1)
            {
                Console.Error.WriteLine("--shoppers must be 1 or more.");
                return 2;
            }
            return await RunAsync(count, seed, configureServices, ct);
        });
        return new Command("eval", "Offline evaluations.") { recommendations };
    }

    private static async Task<int> RunAsync(int shopperCount, int seed, Action<IServiceCollection>? configureServices, CancellationToken ct)
    {
        var started = TimeProvider.System.GetTimestamp();
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var end = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc);
        var clock = new EvaluationClock(end.AddDays(-HistoryGenerator.Days));
        var work = Directory.CreateTempSubdirectory("marketplace-eval-");
        Console.WriteLine($"Evaluating recommendations for {shopperCount:N0} synthetic shoppers (seed {seed}) in a throwaway database at {work.FullName}.");
        try
        {
            await using var host = EvaluationHost.Build(work.FullName, clock, configureServices);

            var catalog = await LoadDemoCatalogAsync(host.Services, ct);
            if (catalog is null) return 1;
            var history = new HistoryGenerator(catalog, seed).Generate(shopperCount, end);
            var split = EvaluationSplit.Of(history);

            var replay = new HistoryReplay(host.Services, clock);
            ReplayResult? replayed = null;
            await ConsoleProgress.RunAsync("Replaying training history", HistoryReplay.StepsOf(history), async progress =>
                replayed = await replay.ReplayAsync(history, split.Training, progress, ct));
            var r = replayed!;
            Console.WriteLine($"Training: {split.Training.Count:N0} synthetic events from {Day(history.Start)} to the cutoff {Day(history.Cutoff)} " +
                $"({r.EventsAccepted:N0} events tracked, {r.Orders:N0} orders placed" +
                Problems(r) +
                $"). Test: {split.Shoppers.Count:N0} shoppers carted or bought {split.Shoppers.Sum(s => s.Test.Count):N0} products by {Day(history.End)}.");

            EvaluationReport? report = null;
            await ConsoleProgress.RunAsync("Asking for recommendations", split.Shoppers.Count, async progress =>
                report = await new RecommendationEvaluation(host.Services).RunAsync(split, catalog.ProductCount, progress, ct));

            Print(report!);
            Console.WriteLine(Summary(report!, TimeProvider.System.GetElapsedTime(started)));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { work.Delete(recursive: true); }
            catch (IOException) { Console.Error.WriteLine($"Could not delete {work.FullName}; remove it by hand."); }
        }
    }

    private static async Task<EvaluationCatalog?> LoadDemoCatalogAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var initializer = scope.ServiceProvider.GetRequiredService<DatabaseInitializer>();
        await initializer.MigrateAsync(ct);
        var directory = initializer.DemoSeedDirectory();
        if (directory is null)
        {
            Console.Error.WriteLine("No demo catalog (seed/demo) was found beside the binaries or above the current folder.");
            return null;
        }
        var loader = scope.ServiceProvider.GetRequiredService<SeedLoader>();
        var manifest = await loader.ReadManifestAsync(directory, ct);
        await ConsoleProgress.RunAsync("Loading the demo catalog", manifest?.Products ?? 1, async progress => await loader.LoadAsync(directory, progress, ct));
        return await EvaluationCatalog.LoadAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDb>(),
            scope.ServiceProvider.GetRequiredService<IOptions<CatalogOptions>>(), ct);
    }

    private static void Print(EvaluationReport report)
    {
        // The console as it is now (tests swap Console.Out), wide enough for the table when output is redirected.
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (!console.Profile.Capabilities.Interactive) console.Profile.Width = 120;
        var table = new Table().Title($"Top {RecommendationEvaluation.K} for {report.ShoppersEvaluated:N0} shoppers")
            .AddColumn("Strategy")
            .AddColumn(new TableColumn("Precision@10").RightAligned())
            .AddColumn(new TableColumn("Recall@10").RightAligned())
            .AddColumn(new TableColumn("NDCG@10").RightAligned())
            .AddColumn(new TableColumn("Coverage").RightAligned())
            .AddColumn(new TableColumn("NDCG@10 vs popularity").RightAligned())
            .AddColumn(new TableColumn("Shoppers served").RightAligned());
        foreach (var row in report.Rows)
            table.AddRow(Markup.Escape(row.Name), F(row.Precision), F(row.Recall), F(row.Ndcg), row.Coverage.ToString("P1", CultureInfo.InvariantCulture),
                row == report.Baseline ? "" : Lift(row.LiftOver(report.Baseline)), row.ShoppersServed.ToString("N0", CultureInfo.InvariantCulture));
        console.Write(table);
    }

    public static string Summary(EvaluationReport report, TimeSpan elapsed)
    {
        var bar = $"+{EvaluationReport.RequiredLift:P0}".Replace(" ", "");
        var seconds = $" ({elapsed.TotalSeconds:0} s)";
        if (report.BestPersonalized is not { } best)
            return $"Best: no personalized strategy was evaluated; popularity NDCG@10 {F(report.Baseline.Ndcg)}: the {bar} bar is NOT met{seconds}.";
        var personalized = report.Rows.Where(r => r.Personalized).ToList();
        var falling = personalized.Where(r => r.LiftOver(report.Baseline) < EvaluationReport.RequiredLift).Select(r => r.Name).ToList();
        var rows = falling.Count == 0 ? $"all {personalized.Count} personalized rows clear it"
            : $"{personalized.Count - falling.Count} of {personalized.Count} personalized rows clear it, not {string.Join(", ", falling)}";
        return $"Best: {best.Name} NDCG@10 {F(best.Ndcg)} vs popularity {F(report.Baseline.Ndcg)} ({Lift(best.LiftOver(report.Baseline))}): " +
            (report.MeetsBar ? $"the {bar} bar is met" : $"the {bar} bar is NOT met") + $"; {rows}{seconds}.";
    }

    /// <summary>"; 1 order refused (INSUFFICIENT_STOCK)": what the API did not take, if anything.</summary>
    private static string Problems(ReplayResult r)
    {
        var parts = new List<string>();
        if (r.EventsRejected > 0) parts.Add(r.EventsRejected == 1 ? "1 event rejected" : $"{r.EventsRejected:N0} events rejected");
        if (r.OrdersRefused > 0) parts.Add((r.OrdersRefused == 1 ? "1 order refused" : $"{r.OrdersRefused:N0} orders refused") + $" ({string.Join(", ", r.Refusals)})");
        return parts.Count == 0 ? "" : "; " + string.Join(", ", parts);
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Lift(double lift) => double.IsPositiveInfinity(lift) ? "+∞" : lift.ToString("+0%;-0%;+0%", CultureInfo.InvariantCulture);

    private static string Day(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
