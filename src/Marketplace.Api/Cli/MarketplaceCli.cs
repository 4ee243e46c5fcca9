using System.CommandLine;
using GraphQL.Types;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL;
using Marketplace.Api.GraphQL.Persisted;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Search;
using Marketplace.Api.Seeding;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;
using Spectre.Console;

namespace Marketplace.Api.Cli;

/// <summary>`dotnet run --project src/Marketplace.Api -- &lt;command&gt;`: token, seed generate|load, schema export, persisted-queries import, search reindex, eval recommendations.</summary>
public static class MarketplaceCli
{
    private static readonly string[] Commands = ["token", "seed", "schema", "persisted-queries", "search", "eval", "--help", "-h", "-?"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.Contains(args[0]);

    public static Task<int> RunAsync(string[] args) => RunAsync(args, configureServices: null);

    /// <summary>As <see cref="RunAsync(string[])"/>, with services added to the evaluation's throwaway host (tests register a recommender).</summary>
    internal static Task<int> RunAsync(string[] args, Action<IServiceCollection>? configureServices)
    {
        var dataDirectory = new Option<string?>("--DataDirectory") { Description = "Where the embedded database and signing key live (default ./data).", Recursive = true };
        var root = new RootCommand("Marketplace.Api: run without a command to serve the API.") { dataDirectory };
        // Positional paths such as /tmp/x would read as configuration switches; the host gets only what it needs.
        Func<ParseResult, string[]> hostArgs = result => result.GetValue(dataDirectory) is { } dir ? ["--DataDirectory", dir] : [];
        root.Subcommands.Add(TokenCommand(hostArgs));
        root.Subcommands.Add(SeedCommand(hostArgs));
        root.Subcommands.Add(SchemaCommand(hostArgs));
        root.Subcommands.Add(PersistedQueriesCommand(hostArgs));
        root.Subcommands.Add(SearchCommand(hostArgs));
        root.Subcommands.Add(EvalCommand.Create(configureServices));
        return root.Parse(args).InvokeAsync();
    }

    private static Command TokenCommand(Func<ParseResult, string[]> hostArgs)
    {
        var role = new Option<string>("--role") { Description = "buyer, seller or admin.", Required = true };
        role.AcceptOnlyFromAmong(Roles.All);
        var seller = new Option<string?>("--seller") { Description = "The seller's handle (with --role seller)." };
        var subject = new Option<string?>("--sub") { Description = "The subject (user id); defaults to the role or seller handle." };
        var hours = new Option<int?>("--hours") { Description = "Lifetime in hours (default Auth:TokenLifetimeHours)." };
        var command = new Command("token", "Print a bearer token signed with the embedded default's local key.") { role, seller, subject, hours };
        command.SetAction(async (result, ct) =>
        {
            await using var host = await StartServicesAsync(hostArgs(result), migrate: true, ct);
            var wantedRole = result.GetValue(role)!;
            long? sellerId = null;
            var handle = result.GetValue(seller);
            if (wantedRole == Roles.Seller)
            {
                if (handle is null)
                {
                    Console.Error.WriteLine("--role seller needs --seller <handle>.");
                    return 2;
                }
                await using var scope = host.Services.CreateAsyncScope();
                var found = await scope.ServiceProvider.GetRequiredService<SellerService>().FindByHandleAsync(handle, ct);
                if (found is null)
                {
                    Console.Error.WriteLine($"No seller has the handle '{handle}'.");
                    return 2;
                }
                sellerId = found.Id;
            }
            var lifetime = result.GetValue(hours) is { } h ? TimeSpan.FromHours(h) : (TimeSpan?)null;
            var token = host.Services.GetRequiredService<TokenIssuer>()
                .Issue(result.GetValue(subject) ?? handle ?? wantedRole, [wantedRole], sellerId, lifetime);
            Console.WriteLine(token);
            return 0;
        });
        return command;
    }

    private static Command SeedCommand(Func<ParseResult, string[]> hostArgs)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "A seed folder (manifest.json, sellers.jsonl, categories.jsonl, products.jsonl)." };
        var load = new Command("load", "Load a seed folder into the database (migrating it first).") { directory };
        load.SetAction(async (result, ct) =>
        {
            var dir = result.GetValue(directory)!;
            if (!dir.Exists)
            {
                Console.Error.WriteLine($"No folder {dir.FullName}.");
                return 2;
            }
            await using var host = await StartServicesAsync(hostArgs(result), migrate: true, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var loader = scope.ServiceProvider.GetRequiredService<SeedLoader>();
            var manifest = await loader.ReadManifestAsync(dir.FullName, ct);
            SeedLoadResult? loaded = null;
            await ConsoleProgress.RunAsync("Loading products", manifest?.Products ?? 1, async progress =>
                loaded = await loader.LoadAsync(dir.FullName, progress, ct));
            var r = loaded!;
            Console.WriteLine($"Loaded {r.Sellers:N0} sellers, {r.Categories:N0} categories, {r.Products:N0} products, {r.Variants:N0} variants, {r.Offers:N0} offers " +
                $"in {r.Elapsed.TotalSeconds:0.0} s ({r.Products / Math.Max(0.001, r.Elapsed.TotalSeconds):N0} products/s)" +
                (r.SkippedProducts > 0 ? $"; skipped {r.SkippedProducts:N0} already loaded." : "."));
            return 0;
        });
        var seed = new Command("seed", "Generate or load catalogs.") { load };
        seed.Subcommands.Add(SeedGenerateCommand.Create());
        return seed;
    }

    private static Command SchemaCommand(Func<ParseResult, string[]> hostArgs)
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the SDL.", DefaultValueFactory = _ => new FileInfo(DefaultSchemaPath()) };
        var export = new Command("export", "Write the GraphQL schema (SDL) the API serves.") { output };
        export.SetAction(async (result, ct) =>
        {
            await using var host = await StartServicesAsync(hostArgs(result), migrate: false, ct);
            var file = result.GetValue(output)!;
            file.Directory?.Create();
            await File.WriteAllTextAsync(file.FullName, SchemaExport.Print(host.Services.GetRequiredService<ISchema>()), ct);
            Console.WriteLine($"Wrote {file.FullName}");
            return 0;
        });
        return new Command("schema", "Schema tools.") { export };
    }

    private static Command PersistedQueriesCommand(Func<ParseResult, string[]> hostArgs)
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON object of sha256 hash to query text, or a JSON array of query texts." };
        var import = new Command("import", "Add queries to the allow-list: they are never evicted, and are all that runs with GraphQL:PersistedQueries:Mode=AllowList.") { file };
        import.SetAction(async (result, ct) =>
        {
            var input = result.GetValue(file)!;
            if (!input.Exists)
            {
                Console.Error.WriteLine($"No file {input.FullName}.");
                return 2;
            }
            await using var host = await StartServicesAsync(hostArgs(result), migrate: true, ct);
            await using var scope = host.Services.CreateAsyncScope();
            await using var json = input.OpenRead();
            var imported = await scope.ServiceProvider.GetRequiredService<PersistedQueryImporter>().ImportAsync(json, ct);
            foreach (var problem in imported.Problems) Console.Error.WriteLine(problem);
            if (imported.Problems.Count > 0)
            {
                Console.Error.WriteLine("Nothing was imported.");
                return 1;
            }
            Console.WriteLine($"Imported {imported.Added:N0} persisted queries ({imported.Known:N0} were already there).");
            return 0;
        });
        return new Command("persisted-queries", "The persisted query allow-list.") { import };
    }

    private static Command SearchCommand(Func<ParseResult, string[]> hostArgs)
    {
        var reindex = new Command("reindex", "Rebuild the search index from the database into a new index, then swap it in; searches go on meanwhile.");
        reindex.SetAction(async (result, ct) =>
        {
            await using var host = await StartServicesAsync(hostArgs(result), migrate: true, ct);
            await using var scope = host.Services.CreateAsyncScope();
            var rebuilder = scope.ServiceProvider.GetRequiredService<SearchIndexRebuilder>();
            var total = await rebuilder.CountAsync(ct);
            SearchIndexRebuilder.Result? rebuilt = null;
            await ConsoleProgress.RunAsync("Indexing products", total, async progress => rebuilt = await rebuilder.RebuildAsync(progress, ct));
            var r = rebuilt!;
            Console.WriteLine($"Indexed {r.Products:N0} products in {r.Elapsed.TotalSeconds:0.0} s ({r.Products / Math.Max(0.001, r.Elapsed.TotalSeconds):N0} products/s); the new index is live.");
            return 0;
        });
        return new Command("search", "The search index.") { reindex };
    }

    /// <summary>schema/schema.graphql of the checkout this runs from (dotnet run starts in the project folder).</summary>
    private static string DefaultSchemaPath()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.Api.sln"))) return Path.Combine(dir.FullName, "schema", "schema.graphql");
        }
        return Path.Combine("schema", "schema.graphql");
    }

    /// <summary>The API's services without its web server: same configuration, same database.</summary>
    private static async Task<WebApplication> StartServicesAsync(string[] args, bool migrate, CancellationToken ct)
    {
        var builder = MarketplaceHost.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        if (migrate)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
        }
        return app;
    }
}
