using System.Diagnostics;
using Marketplace.Api.Benchmarks.Harness;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Transport;

public sealed record TransportSettings(int Clients, TimeSpan Duration, TimeSpan Warmup);

/// <summary><c>{ __typename }</c> from several clients at once for a fixed time: the cost of HTTP, parsing and execution alone.</summary>
public static class TransportBenchmark
{
    private static readonly byte[] Body = GraphQLHttpClient.Body("{ __typename }");

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string cache, TransportSettings settings, CancellationToken ct)
    {
        var dataDirectory = Directory.CreateDirectory(Path.Combine(cache, "transport")).FullName;
        try
        {
            await using var server = await ApiServer.StartAsync(dataDirectory, ct);
            using var client = new GraphQLHttpClient(server.Address);
            GraphQLHttpClient.Data((await client.PostAsync(Body, ct)).Body);
            List<double> timings = [];
            var elapsed = TimeSpan.Zero;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    await RunForAsync(client, settings.Clients, settings.Warmup, progress.AddTask("warm-up", maxValue: settings.Warmup.TotalSeconds), ct);
                    (timings, elapsed) = await RunForAsync(client, settings.Clients, settings.Duration,
                        progress.AddTask($"{settings.Clients} clients", maxValue: settings.Duration.TotalSeconds), ct);
                });
            var rate = timings.Count / elapsed.TotalSeconds;
            return
            [
                new("transport", $"{{ __typename }}, {settings.Clients} clients, {settings.Duration.TotalSeconds:0} s", Latency.Of(timings),
                    $"{rate:N0} requests/s"),
            ];
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<(List<double> Timings, TimeSpan Elapsed)> RunForAsync(
        GraphQLHttpClient client, int clients, TimeSpan duration, ProgressTask task, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var timings = new List<double>(100_000);
            while (Stopwatch.GetElapsedTime(started) < duration)
                timings.Add((await client.PostAsync(Body, ct)).Milliseconds);
            return timings;
        }, ct)).ToArray();
        while (!Task.WhenAll(workers).IsCompleted)
        {
            task.Value = Math.Min(duration.TotalSeconds, Stopwatch.GetElapsedTime(started).TotalSeconds);
            await Task.WhenAny(Task.WhenAll(workers), Task.Delay(250, ct));
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        task.Value = task.MaxValue;
        return ((await Task.WhenAll(workers)).SelectMany(t => t).ToList(), elapsed);
    }
}
