using System.CommandLine;
using System.Runtime.InteropServices;
using Marketplace.Api.Benchmarks.Catalog;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Benchmarks.Ordering;
using Marketplace.Api.Benchmarks.Profiles;
using Marketplace.Api.Benchmarks.Search;
using Marketplace.Api.Benchmarks.Seeding;
using Marketplace.Api.Benchmarks.Startup;
using Marketplace.Api.Benchmarks.Transport;
using Marketplace.Api.Benchmarks.Webhooks;
using Spectre.Console;

// Redirected to a file, Spectre assumes 80 columns and wraps the summary beyond reading.
if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
AnsiConsole.MarkupLineInterpolated(
    $"[grey]{RuntimeInformation.FrameworkDescription}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}[/]");

var cache = new Option<DirectoryInfo>("--cache")
{
    Description = "Where generated seeds and databases are kept between runs (gitignored bench-data by default).",
    DefaultValueFactory = _ => new DirectoryInfo(BenchPaths.DefaultCache),
    Recursive = true,
};
var root = new RootCommand("Marketplace.Api benchmarks: the API served over loopback HTTP, measured from outside.") { cache };

var products = new Option<int[]>("--products")
{
    Description = "Catalog sizes.", DefaultValueFactory = _ => [100_000, 1_000_000], AllowMultipleArgumentsPerToken = true,
};
var sellers = new Option<int>("--sellers") { Description = "Sellers in each catalog.", DefaultValueFactory = _ => 10_000 };
var force = new Option<bool>("--force") { Description = "Generate and load again even when the cache has the catalog." };
var category = new Option<string>("--category") { Description = "Top-level category to filter by.", DefaultValueFactory = _ => "electronics" };
var iterations = new Option<int>("--iterations") { Description = "Measured pages per catalog.", DefaultValueFactory = _ => 2_000 };
var warmup = new Option<int>("--warmup") { Description = "Warm-up pages per catalog, after discovering the cursors.", DefaultValueFactory = _ => 200 };
var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 8 };
var duration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 15 };
var transportWarmup = new Option<int>("--warmup-seconds") { Description = "Warm-up seconds.", DefaultValueFactory = _ => 3 };
var runs = new Option<int>("--runs") { Description = "Start-ups of each kind.", DefaultValueFactory = _ => 5 };
var apiDll = new Option<FileInfo>("--api-dll") { Description = "The API to launch.", DefaultValueFactory = _ => new FileInfo(BenchPaths.ApiDll) };
var data = new Option<DirectoryInfo[]>("--data")
{
    Description = "Data directories holding loaded catalogs (see prepare).", Required = true, AllowMultipleArgumentsPerToken = true,
};

CatalogSettings CatalogSettingsOf(ParseResult r) => new(r.GetValue(category)!, r.GetValue(iterations), r.GetValue(warmup));
TransportSettings TransportSettingsOf(ParseResult r) =>
    new(r.GetValue(clients), TimeSpan.FromSeconds(r.GetValue(duration)), TimeSpan.FromSeconds(r.GetValue(transportWarmup)));
StartupSettings StartupSettingsOf(ParseResult r) => new(r.GetValue(runs), r.GetValue(apiDll)!.FullName);

var prepare = new Command("prepare", "Generate and load catalogs into data directories under --cache.") { products, sellers, force };
prepare.SetAction(async (result, ct) =>
{
    var rows = new List<ResultRow>();
    foreach (var size in result.GetValue(products)!)
    {
        var catalog = await CatalogPreparation.PrepareAsync(result.GetValue(cache)!.FullName, size, result.GetValue(sellers), result.GetValue(force), ct);
        Console.WriteLine($"Catalog of {size:N0} products: {catalog.DataDirectory}");
        rows.Add(CatalogPreparation.Row(catalog));
    }
    Report.Print("seed load", rows);
});

var catalogCommand = new Command("catalog", "Catalog page latency over HTTP on loaded catalogs.") { data, category, iterations, warmup };
catalogCommand.SetAction(async (result, ct) =>
{
    var rows = new List<ResultRow>();
    foreach (var directory in result.GetValue(data)!)
        rows.AddRange(await CatalogBenchmark.RunAsync(directory.FullName, CatalogSettingsOf(result), ct));
    Report.Print("catalog page latency", rows);
});

var graphQLSearchIterations = new Option<int>("--iterations") { Description = "Measured requests per case.", DefaultValueFactory = _ => 300 };
var graphQLSearchWarmup = new Option<int>("--warmup") { Description = "Warm-up requests.", DefaultValueFactory = _ => 200 };
var freshness = new Option<int>("--freshness") { Description = "New listings timed until searchable.", DefaultValueFactory = _ => 30 };
var searchCommand = new Command("search", "Search over GraphQL on loaded catalogs: index build from the database, the query mix, freshness, memory.")
{
    data, graphQLSearchIterations, graphQLSearchWarmup, freshness,
};
searchCommand.SetAction(async (result, ct) =>
{
    var rows = new List<ResultRow>();
    foreach (var directory in result.GetValue(data)!)
        rows.AddRange(await SearchGraphQLBenchmark.RunAsync(directory.FullName,
            new SearchGraphQLSettings(result.GetValue(graphQLSearchIterations), result.GetValue(graphQLSearchWarmup), result.GetValue(freshness)), ct));
    Report.Print("search over GraphQL", rows);
});

var orderBuyers = new Option<int[]>("--buyers")
{
    Description = "Concurrent buyers, one level after another.", DefaultValueFactory = _ => [1, 8, 32], AllowMultipleArgumentsPerToken = true,
};
var orderCount = new Option<int>("--orders") { Description = "Orders placed at each level.", DefaultValueFactory = _ => 2_000 };
var orderWarmup = new Option<int>("--warmup") { Description = "Orders placed before measuring.", DefaultValueFactory = _ => 200 };
var orderData = new Option<DirectoryInfo?>("--data")
{
    Description = "A data directory to order in; by default a fresh one under --cache, loaded with the demo marketplace (orders change its stock).",
};
var ordersCommand = new Command("orders", "placeOrder throughput and latency for 3-seller carts at 1, 8 and 32 buyers, then an oversell check.")
{
    orderBuyers, orderCount, orderWarmup, orderData,
};
ordersCommand.SetAction(async (result, ct) =>
{
    var directory = result.GetValue(orderData)?.FullName
        ?? Path.Combine(result.GetValue(cache)!.FullName, $"orders-demo-{DateTime.UtcNow:yyyyMMddHHmmss}");
    Directory.CreateDirectory(directory);
    Report.Print("orders", await OrdersBenchmark.RunAsync(directory,
        new OrdersSettings(result.GetValue(orderBuyers)!, result.GetValue(orderCount), result.GetValue(orderWarmup)), ct));
});

var profileClients = new Option<int>("--clients") { Description = "Concurrent clients sending events.", DefaultValueFactory = _ => 8 };
var profileBatch = new Option<int>("--events-per-call") { Description = "Events in each track call.", DefaultValueFactory = _ => 50 };
var profileVisitors = new Option<int>("--visitors-per-call") { Description = "Visitors whose events each call holds.", DefaultValueFactory = _ => 10 };
var profileDuration = new Option<int>("--duration") { Description = "Measured seconds.", DefaultValueFactory = _ => 30 };
var profileProbes = new Option<int>("--probes") { Description = "Event-to-membership probes during the load.", DefaultValueFactory = _ => 150 };
var profileVisitors2 = new Option<int>("--visitors") { Description = "Visitors in the population the events come from.", DefaultValueFactory = _ => 20_000 };
var profilesCommand = new Command("profiles", "Event ingestion with 50 real-time segments, and event-to-membership latency under that load.")
{
    profileClients, profileBatch, profileVisitors, profileDuration, profileProbes, profileVisitors2,
};
profilesCommand.SetAction(async (result, ct) =>
{
    var directory = Path.Combine(result.GetValue(cache)!.FullName, $"profiles-demo-{DateTime.UtcNow:yyyyMMddHHmmss}");
    Directory.CreateDirectory(directory);
    Report.Print("profiles", await ProfilesBenchmark.RunAsync(directory, new ProfilesSettings(result.GetValue(profileClients), result.GetValue(profileBatch),
        result.GetValue(profileVisitors), TimeSpan.FromSeconds(result.GetValue(profileDuration)), result.GetValue(profileProbes), result.GetValue(profileVisitors2)), ct));
});

var personalizationProfiles = new Option<int>("--profiles") { Description = "Visitors who build a history first.", DefaultValueFactory = _ => 10_000 };
var personalizationEvents = new Option<int>("--events-per-profile") { Description = "Events each visitor tracks.", DefaultValueFactory = _ => 10 };
var personalizationIterations = new Option<int>("--iterations") { Description = "Searches measured per case.", DefaultValueFactory = _ => 1_000 };
var personalizationData = new Option<DirectoryInfo>("--data") { Description = "A loaded catalog's data directory; the benchmark works on a copy.", Required = true };
var recommendationsOnly = new Option<bool>("--recommendations-only") { Description = "Skip the search cases." };
var personalizationCommand = new Command("personalization", "Personalized against plain search (engine and GraphQL) and recommendations, after visitors build histories, on a copy of a loaded catalog.")
{
    personalizationData, personalizationProfiles, personalizationEvents, personalizationIterations, recommendationsOnly,
};
personalizationCommand.SetAction(async (result, ct) =>
{
    Report.Print("personalization", await Marketplace.Api.Benchmarks.Personalization.PersonalizationBenchmark.RunAsync(result.GetValue(personalizationData)!.FullName,
        new Marketplace.Api.Benchmarks.Personalization.PersonalizationSettings(result.GetValue(personalizationProfiles), result.GetValue(personalizationEvents),
            result.GetValue(personalizationIterations), Math.Max(50, result.GetValue(personalizationIterations) / 10), result.GetValue(recommendationsOnly)), ct));
});

var transport = new Command("transport", "{ __typename } throughput and latency with concurrent clients.") { clients, duration, transportWarmup };
transport.SetAction(async (result, ct) =>
    Report.Print("transport", await TransportBenchmark.RunAsync(result.GetValue(cache)!.FullName, TransportSettingsOf(result), ct)));

var startup = new Command("startup", "Time to /health/ready of real processes, first run and warm.") { runs, apiDll };
startup.SetAction(async (result, ct) =>
    Report.Print("start-up", await StartupBenchmark.RunAsync(result.GetValue(cache)!.FullName, StartupSettingsOf(result), ct)));

var all = new Command("all", "prepare, catalog, transport and start-up, one after another.")
{
    products, sellers, force, category, iterations, warmup, clients, duration, transportWarmup, runs, apiDll,
};
all.SetAction(async (result, ct) =>
{
    var directory = result.GetValue(cache)!.FullName;
    var rows = new List<ResultRow>();
    var catalogs = new List<PreparedCatalog>();
    foreach (var size in result.GetValue(products)!)
    {
        catalogs.Add(await CatalogPreparation.PrepareAsync(directory, size, result.GetValue(sellers), result.GetValue(force), ct));
        rows.Add(CatalogPreparation.Row(catalogs[^1]));
    }
    foreach (var catalog in catalogs)
        rows.AddRange(await CatalogBenchmark.RunAsync(catalog.DataDirectory, CatalogSettingsOf(result), ct));
    rows.AddRange(await TransportBenchmark.RunAsync(directory, TransportSettingsOf(result), ct));
    rows.AddRange(await StartupBenchmark.RunAsync(directory, StartupSettingsOf(result), ct));
    Report.Print("Marketplace.Api benchmarks", rows);
});

var searchProducts = new Option<int[]>("--products")
{
    Description = "Catalog sizes.", DefaultValueFactory = _ => [100_000], AllowMultipleArgumentsPerToken = true,
};
var searchIterations = new Option<int>("--iterations") { Description = "Measured calls per query.", DefaultValueFactory = _ => 200 };
var searchWarmup = new Option<int>("--warmup") { Description = "Warm-up rounds over all queries.", DefaultValueFactory = _ => 100 };
var searchDiagnostics = new Option<bool>("--diagnostics") { Description = "Also time the queries without highlights or facets." };
var searchEngine = new Command("search-engine", "The embedded search engine in process: index build rate and query latency on generated products.")
{
    searchProducts, sellers, searchIterations, searchWarmup, searchDiagnostics,
};
searchEngine.SetAction(async (result, ct) =>
{
    var rows = new List<ResultRow>();
    var settings = new SearchEngineSettings(
        result.GetValue(sellers), result.GetValue(searchIterations), result.GetValue(searchWarmup), result.GetValue(searchDiagnostics));
    foreach (var size in result.GetValue(searchProducts)!)
        rows.AddRange(await SearchEngineBenchmark.RunAsync(size, settings, ct));
    Report.Print("search engine", rows);
});

root.Subcommands.Add(prepare);
root.Subcommands.Add(catalogCommand);
var webhookCount = new Option<int>("--deliveries") { Description = "Webhooks to send.", DefaultValueFactory = _ => 1_000 };
var webhookSenders = new Option<int>("--senders") { Description = "Concurrent clients raising events.", DefaultValueFactory = _ => 8 };
var webhooksCommand = new Command("webhooks", "Webhook delivery rate and commit-to-receipt latency to a local listener.") { webhookCount, webhookSenders };
webhooksCommand.SetAction(async (result, ct) =>
{
    var directory = Path.Combine(result.GetValue(cache)!.FullName, $"webhooks-demo-{DateTime.UtcNow:yyyyMMddHHmmss}");
    Report.Print("webhooks", await WebhookDeliveryBenchmark.RunAsync(directory, result.GetValue(webhookCount), result.GetValue(webhookSenders), ct));
});
root.Subcommands.Add(webhooksCommand);
root.Subcommands.Add(searchCommand);
root.Subcommands.Add(ordersCommand);
root.Subcommands.Add(profilesCommand);
root.Subcommands.Add(personalizationCommand);
root.Subcommands.Add(transport);
root.Subcommands.Add(startup);
root.Subcommands.Add(searchEngine);
root.Subcommands.Add(all);
return await root.Parse(args).InvokeAsync();
