using System.Diagnostics;
using System.Runtime.InteropServices;
using Marketplace.Api.Benchmarks.Harness;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Startup;

public sealed record StartupSettings(int Runs, string ApiDll);

/// <summary>
/// Real processes: time from launching <c>dotnet Marketplace.Api.dll</c> to /health/ready answering 200,
/// first on an empty data directory (migrate and load the demo seed), then again on the same one.
/// </summary>
public static class StartupBenchmark
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string cache, StartupSettings settings, CancellationToken ct)
    {
        if (!File.Exists(settings.ApiDll))
            throw new FileNotFoundException("Build the API first (dotnet build -c Release).", settings.ApiDll);
        var root = Path.Combine(cache, "startup");
        var (first, warm) = (new List<double>(), new List<double>());
        try
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"{settings.Runs} first + {settings.Runs} warm starts", maxValue: settings.Runs * 2);
                    for (var run = 0; run < settings.Runs; run++)
                    {
                        var dataDirectory = Path.Combine(root, $"run-{run}");
                        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
                        first.Add(await TimeToReadyAsync(settings.ApiDll, dataDirectory, ct));
                        task.Increment(1);
                        warm.Add(await TimeToReadyAsync(settings.ApiDll, dataDirectory, ct));
                        task.Increment(1);
                    }
                });
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
        var (firstLatency, warmLatency) = (Latency.Of(first), Latency.Of(warm));
        var runs = string.Join(", ", first.Select(ms => $"{ms / 1000:0.00}"));
        return
        [
            new("start-up", "first run (empty data dir, demo seed)", firstLatency, $"runs: {runs} s", "median <= 15 s", firstLatency.Median <= 15_000),
            new("start-up", "warm (data dir initialised)", warmLatency, $"runs: {string.Join(", ", warm.Select(ms => $"{ms / 1000:0.00}"))} s",
                "median <= 3 s", warmLatency.Median <= 3_000),
        ];
    }

    private static async Task<double> TimeToReadyAsync(string apiDll, string dataDirectory, CancellationToken ct)
    {
        var address = new Uri($"http://127.0.0.1:{ApiServer.FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { apiDll, "--DataDirectory", dataDirectory, "--urls", address.ToString().TrimEnd('/'), "--Logging:LogLevel:Default=Warning" })
            start.ArgumentList.Add(arg);
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(5) };
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (true)
            {
                if (process.HasExited)
                    throw new InvalidOperationException($"The API exited with {process.ExitCode}:\n{string.Join('\n', output)}");
                if (Stopwatch.GetElapsedTime(started) > Timeout)
                    throw new TimeoutException($"/health/ready did not answer 200 within {Timeout}:\n{string.Join('\n', output)}");
                try
                {
                    using var response = await http.GetAsync("/health/ready", ct);
                    if (response.IsSuccessStatusCode) return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(10, ct);
            }
        }
        finally
        {
            await StopAsync(process);
        }
    }

    /// <summary>SIGTERM, so the host shuts down cleanly and the next warm start finds a tidy database.</summary>
    private static async Task StopAsync(Process process)
    {
        if (process.HasExited) return;
        if (!OperatingSystem.IsWindows()) _ = Kill(process.Id, 15);
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            if (OperatingSystem.IsWindows()) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
