using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Profiles;

public sealed record ProfilesSettings(int Clients, int EventsPerCall, int VisitorsPerCall, TimeSpan Duration, int Probes, int Visitors);

/// <summary>
/// Event ingestion through the track mutation with 50 segments evaluated in real time on every batch, and, while
/// that load runs, the time from sending a qualifying event to seeing the membership in <c>me</c> (a fresh
/// visitor each probe).
/// </summary>
public static class ProfilesBenchmark
{
    private const string Track = "mutation($events: [TrackEventInput!]!) { track(events: $events) { accepted rejected { code } } }";
    private const string ProbeSegment = "Bench probe";
    private const string ProbeQuery = "bench-probe-marker";
    private static readonly string[] Types = ["PRODUCT_VIEW", "PRODUCT_VIEW", "PRODUCT_VIEW", "CLICK", "ADD_TO_CART", "PAGE_VIEW", "SEARCH"];

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string dataDirectory, ProfilesSettings settings, CancellationToken ct)
    {
        await using var server = await ApiServer.StartAsync(dataDirectory, ct, "--Database:SeedDemoData=true");
        var (products, categories) = await CatalogAsync(server, ct);
        var admin = server.Services.GetRequiredService<TokenIssuer>().Issue("bench-admin", [Roles.Admin], null, TimeSpan.FromHours(2));
        var segments = await CreateSegmentsAsync(server, admin, categories, ct);

        var run = Guid.NewGuid().ToString("N")[..8];
        await LoadAsync(server, settings with { Duration = TimeSpan.FromSeconds(3) }, products, $"{run}-warm", null, ct);
        var probes = new ConcurrentBag<double>();
        var (calls, events, seconds) = await LoadAsync(server, settings, products, run, probes, ct);

        var perSecond = events.Count / seconds;
        return
        [
            new("track", $"{settings.EventsPerCall} events a call from {settings.VisitorsPerCall} visitors, {settings.Clients} clients, {segments} segments",
                Latency.Of(calls), $"{perSecond:N0} events/s sustained over {seconds:N0} s ({events.Count:N0} events)", ">= 5,000 events/s", perSecond >= 5_000),
            new("event to membership", $"a fresh visitor's qualifying event, then me.profile.segments, under that load",
                Latency.Of(probes), $"{probes.Count} probes", "p95 <= 100 ms", probes.Count > 0 && Latency.Of(probes).P95 <= 100),
        ];
    }

    private static async Task<(List<long> Products, List<string> Categories)> CatalogAsync(ApiServer server, CancellationToken ct)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var products = await db.Products.Where(p => p.OfferCount > 0).Select(p => p.Id).ToListAsync(ct);
        var categories = await db.Categories.OrderBy(c => c.Id).Select(c => c.Slug).ToListAsync(ct);
        return (products, categories);
    }

    /// <summary>50 segments of every kind of rule: traits, affinities, event counts in windows, journey stages, RFM.</summary>
    private static async Task<int> CreateSegmentsAsync(ApiServer server, string admin, List<string> categories, CancellationToken ct)
    {
        string[] countries = ["DE", "FR", "ES", "IT", "NL", "US", "GB", "PL", "SE", "AT"];
        var rules = new List<string>();
        rules.AddRange(countries.Take(5).Select((c, i) => $"traits.country = \"{c}\" and traits.age between {20 + i * 5} and {40 + i * 5}"));
        rules.AddRange(categories.Take(10).Select(c => $"affinity.category[\"{c}\"] > 0.3"));
        rules.AddRange(categories.Skip(10).Take(10).Select(c => $"count(PRODUCT_VIEW where category = \"{c}\" within 7d) >= 3"));
        rules.AddRange(categories.Skip(20).Take(5).Select(c => $"count(ADD_TO_CART where category = \"{c}\" within 30d) >= 1 and journeyStage != REPEAT_BUYER"));
        rules.AddRange(["journeyStage = ENGAGED", "journeyStage = CART_ABANDONER", "journeyStage in (FIRST_TIME_BUYER, REPEAT_BUYER)", "sessionCount >= 2",
            "eventCount >= 50", "productViewCount between 10 and 100", "lifetimeValue > 500", "daysSinceLastSeen < 1",
            "affinity.gender[\"women\"] > 0.6", "affinity.gender[\"men\"] > 0.6", "affinity.priceBand[\"under-25\"] > 0.5", "affinity.priceBand[\"100-250\"] > 0.4",
            "count(SEARCH within 1d) >= 5", "count(CLICK within 1h) >= 3", "not (traits.country is set)", "count(ANY within 10m) >= 20",
            "affinity.size[\"M\"] > 0.5 or affinity.size[\"L\"] > 0.5", "affinity.color[\"black\"] > 0.4", "traits.customerType = B2B",
        ]);
        rules = [.. rules.Take(49)];
        rules.Add($"count(SEARCH where query = \"{ProbeQuery}\" within 1d) >= 1");

        using var client = new GraphQLHttpClient(server.Address, admin);
        for (var i = 0; i < rules.Count; i++)
        {
            var name = i == rules.Count - 1 ? ProbeSegment : $"Bench segment {i + 1:00}";
            var (body, _) = await client.PostAsync(GraphQLHttpClient.Body(
                "mutation($input: SegmentInput!) { createSegment(input: $input) { userErrors { code message } } }",
                new { input = new { name = $"{name} {Guid.NewGuid():N}"[..Math.Min(name.Length + 9, 200)], rule = rules[i] } }), ct);
            var errors = GraphQLHttpClient.Data(body).GetProperty("createSegment").GetProperty("userErrors");
            if (errors.GetArrayLength() > 0) throw new InvalidOperationException($"Segment rule {rules[i]} refused: {errors}");
        }
        return rules.Count;
    }

    private static async Task<(List<double> Calls, List<int> Events, double Seconds)> LoadAsync(
        ApiServer server, ProfilesSettings settings, List<long> products, string run, ConcurrentBag<double>? probes, CancellationToken ct)
    {
        var calls = new ConcurrentBag<double>();
        var accepted = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource(settings.Duration);
        var started = Stopwatch.GetTimestamp();
        await AnsiConsole.Status().StartAsync($"track: {settings.Clients} clients for {settings.Duration.TotalSeconds:N0} s", async _ =>
        {
            var load = Enumerable.Range(0, settings.Clients).Select(client => Task.Run(async () =>
            {
                using var http = new GraphQLHttpClient(server.Address);
                var random = new Random(client * 7919 + run.GetHashCode());
                var batch = 0;
                while (!stop.IsCancellationRequested)
                {
                    var body = GraphQLHttpClient.Body(Track, new { events = Batch(random, products, settings, $"{run}-{client}-{batch++}") });
                    var (response, ms) = await http.PostAsync(body, ct);
                    calls.Add(ms);
                    accepted.Add(GraphQLHttpClient.Data(response).GetProperty("track").GetProperty("accepted").GetInt32());
                }
            }, ct)).ToList();
            if (probes is not null) load.Add(ProbeAsync(server, settings.Probes, run, probes, stop.Token));
            await Task.WhenAll(load);
        });
        return ([.. calls], [.. Enumerable.Range(0, accepted.Sum())], Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>Visitors browse: each call holds events of several visitors (as an edge collector batches them).</summary>
    private static object[] Batch(Random random, List<long> products, ProfilesSettings settings, string prefix)
    {
        var now = DateTime.UtcNow.ToString("O");
        // Visitors come back: each call's visitors are drawn from a fixed population, new ones only until all have been seen.
        var visitors = Enumerable.Range(0, settings.VisitorsPerCall).Select(_ => $"bench-visitor-{random.Next(settings.Visitors):000000}").ToArray();
        return [.. Enumerable.Range(0, settings.EventsPerCall).Select(i =>
        {
            var type = Types[random.Next(Types.Length)];
            var visitor = visitors[i % settings.VisitorsPerCall];
            return type switch
            {
                "PAGE_VIEW" => (object)new { eventId = $"{prefix}-{i}", type, timestamp = now, visitorId = visitor },
                "SEARCH" => new { eventId = $"{prefix}-{i}", type, timestamp = now, visitorId = visitor, query = "running shorts", resultCount = 20 },
                _ => new { eventId = $"{prefix}-{i}", type, timestamp = now, visitorId = visitor, productId = products[random.Next(products.Count)].ToString() },
            };
        })];
    }

    private static async Task ProbeAsync(ApiServer server, int count, string run, ConcurrentBag<double> probes, CancellationToken stop)
    {
        try
        {
            await ProbeUntilStoppedAsync(server, count, run, probes, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The load ended in the middle of a probe: that probe is not counted.
        }
    }

    private static async Task ProbeUntilStoppedAsync(ApiServer server, int count, string run, ConcurrentBag<double> probes, CancellationToken stop)
    {
        var interval = TimeSpan.FromMilliseconds(150);
        for (var i = 0; i < count && !stop.IsCancellationRequested; i++)
        {
            using var http = new HttpClient { BaseAddress = server.Address };
            http.DefaultRequestHeaders.Add(VisitorId.Header, $"probe-{run}-{i:0000}");
            var track = GraphQLHttpClient.Body(Track, new { events = new[] { new { eventId = $"probe-{run}-{i}", type = "SEARCH", timestamp = DateTime.UtcNow.ToString("O"), query = ProbeQuery, resultCount = 0 } } });
            var me = GraphQLHttpClient.Body("{ me { profile { segments { name } } } }");
            var started = Stopwatch.GetTimestamp();
            await PostAsync(http, track, stop);
            while (!stop.IsCancellationRequested)
            {
                var segments = JsonDocument.Parse(await PostAsync(http, me, stop)).RootElement.GetProperty("data").GetProperty("me").GetProperty("profile").GetProperty("segments");
                if (segments.EnumerateArray().Any(s => s.GetProperty("name").GetString()!.StartsWith(ProbeSegment, StringComparison.Ordinal))) break;
            }
            if (!stop.IsCancellationRequested) probes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await Task.Delay(interval, stop).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private static async Task<byte[]> PostAsync(HttpClient http, byte[] body, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await http.PostAsync("/graphql", content, ct);
        return await response.Content.ReadAsByteArrayAsync(ct);
    }
}
