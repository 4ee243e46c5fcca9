using System.Diagnostics;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Profiles;
using Marketplace.Api.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Personalization;

public sealed record PersonalizationSettings(int Profiles, int EventsPerProfile, int Iterations, int Warmup, bool RecommendationsOnly = false);

/// <summary>
/// Personalized search against plain search in the same run, on a copy of a loaded catalog: first
/// <see cref="PersonalizationSettings.Profiles"/> visitors build histories through `track` (each mostly one gender
/// and a few categories), then the same queries run plain and as a random one of those visitors, in the engine
/// (features from the cache, the plan, the engine) and over GraphQL on loopback (the profile read included).
/// </summary>
public static class PersonalizationBenchmark
{
    private const string Track = "mutation($events: [TrackEventInput!]!) { track(events: $events) { accepted } }";

    private const string Search = """
        query($q: String) { search(query: $q, first: 20) {
          totalCount edges { node { score product { id title } personalization { boost } } }
          facets { name values { value count } } } }
        """;

    private static readonly string[] Queries = ["shorts", "jacket", "sneakers", "dress", "tee", "black", "women's shorts", "jeans", "men's shirt", "cotton"];

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string sourceData, PersonalizationSettings settings, CancellationToken ct)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(sourceData));
        var work = Path.Combine(Path.GetTempPath(), $"bench-personalization-{Guid.NewGuid():N}");
        CopyDirectory(sourceData, work);
        try
        {
            await using var server = await ApiServer.StartAsync(work, ct);
            using var client = new GraphQLHttpClient(server.Address);
            var visitors = await LoadProfilesAsync(server, client, settings, ct);
            var rows = new List<ResultRow>();
            if (!settings.RecommendationsOnly)
            {
                rows.AddRange(await EngineAsync(server, visitors, settings, name, ct));
                rows.AddRange(await GraphQLAsync(client, visitors, settings, name, ct));
            }
            rows.AddRange(await RecommendationsAsync(server, client, visitors, settings, name, ct));
            return rows;
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string[]> LoadProfilesAsync(ApiServer server, GraphQLHttpClient client, PersonalizationSettings settings, CancellationToken ct)
    {
        List<long> men, women;
        await using (var scope = server.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
            Task<List<long>> Of(string gender) => db.ProductAttributes.AsNoTracking()
                .Where(a => a.Name == "gender" && a.Value == gender).Select(a => a.ProductId).Distinct().OrderBy(id => id).Take(20_000).ToListAsync(ct);
            men = await Of("men");
            women = await Of("women");
        }
        var random = new Random(12);
        var visitors = Enumerable.Range(0, settings.Profiles).Select(i => $"bench-person-{i:000000}").ToArray();
        var started = Stopwatch.GetTimestamp();
        const int perCall = 250;
        var events = visitors.SelectMany((visitor, v) =>
        {
            var own = v % 2 == 0 ? men : women;
            var other = v % 2 == 0 ? women : men;
            var at = DateTime.UtcNow.AddDays(-2).AddSeconds(v % 3600);
            return Enumerable.Range(0, settings.EventsPerProfile).Select(i => (object)new
            {
                eventId = $"{visitor}-{i}",
                type = i % 5 == 4 ? "ADD_TO_CART" : "PRODUCT_VIEW",
                timestamp = at.AddMinutes(i).ToString("O"),
                visitorId = visitor,
                productId = (random.NextDouble() < 0.85 ? own : other)[random.Next(own.Count > 0 ? Math.Min(own.Count, other.Count) : 1)].ToString(),
            });
        }).Chunk(perCall).ToList();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{settings.Profiles:N0} visitors track {settings.EventsPerProfile} events each", maxValue: events.Count);
                await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (batch, token) =>
                {
                    GraphQLHttpClient.Data((await client.PostAsync(GraphQLHttpClient.Body(Track, new { events = batch }), token)).Body);
                    task.Increment(1);
                });
            });
        AnsiConsole.MarkupLine($"Profiles loaded in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s");
        return visitors;
    }

    private static async Task<IEnumerable<ResultRow>> EngineAsync(ApiServer server, string[] visitors, PersonalizationSettings settings, string name, CancellationToken ct)
    {
        var engine = server.Services.GetRequiredService<ISearchEngine>();
        var random = new Random(7);
        var plain = new List<double>();
        var personal = new List<double>();
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var features = scope.ServiceProvider.GetRequiredService<CallerFeaturesProvider>();
        var personalizer = scope.ServiceProvider.GetRequiredService<SearchPersonalizer>();
        var profiles = await db.ProfileIdentities.AsNoTracking().Where(i => i.Kind == IdentityKind.Visitor && i.Value.StartsWith("bench-person-"))
            .Join(db.Profiles.AsNoTracking(), i => i.ProfileId, p => p.Id, (_, p) => p).Take(settings.Iterations + settings.Warmup).ToListAsync(ct);
        for (var i = 0; i < settings.Warmup + settings.Iterations; i++)
        {
            var text = Queries[i % Queries.Length];
            var request = new SearchRequest { Text = text, Limit = 20 };
            var started = Stopwatch.GetTimestamp();
            await engine.SearchAsync(request, ct);
            var plainMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var profile = profiles[random.Next(profiles.Count)];
            started = Stopwatch.GetTimestamp();
            var caller = await features.ReadAsync(profile, ct);
            var plan = await personalizer.PlanForAsync(caller, text, PersonalizationInput.Default, ct);
            await engine.SearchAsync(request with { Personalization = plan?.Personalization }, ct);
            var personalMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (i < settings.Warmup) continue;
            plain.Add(plainMs);
            personal.Add(personalMs);
        }
        return Rows("personalized search, engine", name, plain, personal, 15);
    }

    private static async Task<IEnumerable<ResultRow>> GraphQLAsync(GraphQLHttpClient client, string[] visitors, PersonalizationSettings settings, string name, CancellationToken ct)
    {
        var random = new Random(8);
        var bodies = Queries.Select(q => GraphQLHttpClient.Body(Search, new { q })).ToArray();
        var plain = new List<double>();
        var personal = new List<double>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{name}: {settings.Iterations:N0} plain and personalized searches", maxValue: settings.Warmup + settings.Iterations);
                for (var i = 0; i < settings.Warmup + settings.Iterations; i++, task.Increment(1))
                {
                    var body = bodies[i % bodies.Length];
                    var (_, plainMs) = await client.PostAsync(body, ct);
                    var (response, personalMs) = await client.PostAsync(body, ct, visitors[random.Next(visitors.Length)]);
                    if (i == settings.Warmup && !System.Text.Encoding.UTF8.GetString(response).Contains("\"boost\"", StringComparison.Ordinal))
                        throw new InvalidOperationException("A visitor's search came back without personalization.");
                    if (i < settings.Warmup) continue;
                    plain.Add(plainMs);
                    personal.Add(personalMs);
                }
            });
        return Rows("personalized search, GraphQL", name, plain, personal, 25);
    }

    private const string Recommend = """
        query($placement: RecommendationPlacement!, $productId: ID) { recommendations(placement: $placement, productId: $productId, first: 10) {
          requestId items { strategy score product { id title } } } }
        """;

    private static async Task<IEnumerable<ResultRow>> RecommendationsAsync(
        ApiServer server, GraphQLHttpClient client, string[] visitors, PersonalizationSettings settings, string name, CancellationToken ct)
    {
        List<long> products;
        await using (var scope = server.Services.CreateAsyncScope())
            products = await scope.ServiceProvider.GetRequiredService<MarketplaceDb>().Products.AsNoTracking()
                .Where(p => p.OfferCount > 0).OrderBy(p => p.Id).Select(p => p.Id).Take(5_000).ToListAsync(ct);
        var random = new Random(9);
        var timings = new Dictionary<string, List<double>> { ["HOME"] = [], ["PRODUCT_DETAIL"] = [], ["CART"] = [] };
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask($"{name}: {settings.Iterations:N0} recommendations per placement", maxValue: settings.Warmup + settings.Iterations);
                for (var i = 0; i < settings.Warmup + settings.Iterations; i++, task.Increment(1))
                {
                    foreach (var placement in timings.Keys)
                    {
                        var productId = placement == "HOME" ? null : $"gid://marketplace/Product/{products[random.Next(products.Count)]}";
                        var (response, ms) = await client.PostAsync(GraphQLHttpClient.Body(Recommend, new { placement, productId }), ct, visitors[random.Next(visitors.Length)]);
                        if (i == settings.Warmup) GraphQLHttpClient.Data(response);
                        if (i >= settings.Warmup) timings[placement].Add(ms);
                    }
                }
            });
        return timings.Select(t =>
        {
            var latency = Latency.Of(t.Value);
            return new ResultRow("recommendations, GraphQL", $"{name}: {t.Key}", latency, "a random visitor with history, 10 items", "p95 <= 20 ms", latency.P95 <= 20);
        });
    }

    private static IEnumerable<ResultRow> Rows(string benchmark, string name, List<double> plain, List<double> personal, double target)
    {
        var plainLatency = Latency.Of(plain);
        var personalLatency = Latency.Of(personal);
        yield return new ResultRow(benchmark, $"{name}: plain", plainLatency, "same queries, no visitor");
        yield return new ResultRow(benchmark, $"{name}: personalized", personalLatency,
            $"cost ×{personalLatency.Median / plainLatency.Median:0.00} at the median, ×{personalLatency.P95 / plainLatency.P95:0.00} at p95",
            $"p95 <= {target} ms", personalLatency.P95 <= target);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".startup-lock", StringComparison.Ordinal)) continue;
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
