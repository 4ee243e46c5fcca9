using System.Text.Json;
using Marketplace.Api.Benchmarks.Harness;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Catalog;

public sealed record CatalogSettings(string Category, int Iterations, int Warmup);

/// <summary>
/// A 20-product page with offers and sellers, in a top-level category and a price range, cheapest first,
/// over loopback HTTP. Ranges and page depths rotate so no single plan or page stays hot.
/// </summary>
public static class CatalogBenchmark
{
    private const string Query = """
        query($cat: String!, $min: Decimal, $max: Decimal, $after: String) {
          products(first: 20, after: $after, where: {categorySlug: $cat, price: {min: $min, max: $max}}, order: {field: PRICE, direction: ASC}) {
            edges { node { id title lowestPrice { amount } offers { sku price { amount currencyCode } seller { handle name } } } }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    private static readonly (decimal? Min, decimal? Max)[] PriceRanges =
        [(null, 25m), (10m, 50m), (25m, 100m), (50m, 200m), (100m, 500m), (250m, 1_000m), (500m, null), (15m, 3_000m)];

    /// <summary>Page numbers measured; deeper ones are reached by following endCursor.</summary>
    private static readonly int[] Pages = [1, 2, 3, 5, 10, 25, 50, 100];

    private sealed record Request(byte[] Body, int Page);

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string dataDirectory, CatalogSettings settings, CancellationToken ct)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory));
        await using var server = await ApiServer.StartAsync(dataDirectory, ct);
        using var client = new GraphQLHttpClient(server.Address);

        var (count, _) = await client.PostAsync(GraphQLHttpClient.Body("{ products(first: 1) { totalCount } }"), ct);
        var products = GraphQLHttpClient.Data(count).GetProperty("products").GetProperty("totalCount").GetInt32();
        var requests = await DiscoverAsync(client, settings.Category, ct);
        if (requests.Count == 0) throw new InvalidOperationException($"No products in '{settings.Category}' in {dataDirectory}.");

        var random = new Random(2026);
        var order = new int[settings.Iterations];
        for (var i = 0; i < order.Length; i += requests.Count)
        {
            var pass = Enumerable.Range(0, requests.Count).ToArray();
            random.Shuffle(pass);
            Array.Copy(pass, 0, order, i, Math.Min(pass.Length, order.Length - i));
        }

        var timings = new double[settings.Iterations];
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var warmup = progress.AddTask($"{name}: warm-up", maxValue: settings.Warmup);
                for (var i = 0; i < settings.Warmup; i++, warmup.Increment(1))
                    await client.PostAsync(requests[random.Next(requests.Count)].Body, ct);
                var measure = progress.AddTask($"{name}: {settings.Iterations:N0} pages", maxValue: settings.Iterations);
                for (var i = 0; i < order.Length; i++, measure.Increment(1))
                {
                    var (body, ms) = await client.PostAsync(requests[order[i]].Body, ct);
                    timings[i] = ms;
                    if (i < requests.Count) GraphQLHttpClient.Data(body);
                }
            });

        var target = TargetP95(products);
        var all = Latency.Of(timings);
        var detail = $"{products:N0} buyable products, {requests.Count} distinct pages";
        string Case(string pages) => $"{name}, {pages}";
        return
        [
            new("catalog page", Case("all pages"), all, detail, target is null ? "" : $"p95 <= {target} ms", target is null ? null : all.P95 <= target),
            new("catalog page", Case("page 1"), Latency.Of(timings.Where((_, i) => requests[order[i]].Page == 1).ToList()), ""),
            new("catalog page", Case("pages 2-100"), Latency.Of(timings.Where((_, i) => requests[order[i]].Page > 1).ToList()), ""),
        ];
    }

    /// <summary>The targets: 8 ms at 100k products, 15 ms at 1M.</summary>
    private static int? TargetP95(int products) => products switch
    {
        <= 100_000 => 8,
        <= 1_000_000 => 15,
        _ => null,
    };

    /// <summary>Walks each price range page by page to collect the cursors of the measured pages; doubles as warm-up.</summary>
    private static async Task<List<Request>> DiscoverAsync(GraphQLHttpClient client, string category, CancellationToken ct)
    {
        var requests = new List<Request>();
        foreach (var (min, max) in PriceRanges)
        {
            string? after = null;
            for (var page = 1; page <= Pages[^1]; page++)
            {
                var body = GraphQLHttpClient.Body(Query, new { cat = category, min, max, after });
                var connection = GraphQLHttpClient.Data((await client.PostAsync(body, ct)).Body).GetProperty("products");
                if (connection.GetProperty("edges").GetArrayLength() == 0) break;
                if (Pages.Contains(page)) requests.Add(new Request(body, page));
                var info = connection.GetProperty("pageInfo");
                if (!info.GetProperty("hasNextPage").GetBoolean()) break;
                after = info.GetProperty("endCursor").GetString();
            }
        }
        return requests;
    }
}
