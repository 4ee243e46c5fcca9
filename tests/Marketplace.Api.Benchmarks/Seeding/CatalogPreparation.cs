using System.Text.Json;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Data;
using Marketplace.Api.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Seeding;

public sealed record LoadRecord(int Products, int Offers, double Seconds, int Variants = 0)
{
    public double ProductsPerSecond => Products / Math.Max(0.001, Seconds);
    public double VariantsPerSecond => Variants / Math.Max(0.001, Seconds);
}

public sealed record PreparedCatalog(string DataDirectory, int Products, LoadRecord Load, bool Cached);

/// <summary>Generates a synthetic seed and loads it into its own data directory, once; later runs reuse both.</summary>
public static class CatalogPreparation
{
    public const double TargetProductsPerSecond = 2_000;
    private const string LoadMarker = "load.json";

    public static async Task<PreparedCatalog> PrepareAsync(string cache, int products, int sellers, bool force, CancellationToken ct)
    {
        var seed = BenchPaths.SeedDirectory(cache, products, sellers);
        var data = BenchPaths.DataDirectory(cache, products, sellers);
        if (force || !await IsGeneratedAsync(seed, products, sellers, ct))
            await GenerateAsync(seed, products, sellers, ct);

        var marker = Path.Combine(data, LoadMarker);
        if (!force && File.Exists(marker))
        {
            await using var stream = File.OpenRead(marker);
            var cached = await JsonSerializer.DeserializeAsync<LoadRecord>(stream, cancellationToken: ct);
            return new PreparedCatalog(data, products, cached!, Cached: true);
        }
        // A half-loaded database would skip rows and flatter the rate, so start again.
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var result = await LoadAsync(seed, data, products, ct);
        var load = new LoadRecord(result.Products, result.Offers, result.Elapsed.TotalSeconds, result.Variants);
        await File.WriteAllTextAsync(marker, JsonSerializer.Serialize(load), ct);
        AnsiConsole.MarkupLineInterpolated($"Loaded {load.Products:N0} products, {load.Variants:N0} variants and {load.Offers:N0} offers in {load.Seconds:0.0} s: [bold]{load.ProductsPerSecond:N0} products/s[/], {load.VariantsPerSecond:N0} variants/s");
        return new PreparedCatalog(data, products, load, Cached: false);
    }

    public static ResultRow Row(PreparedCatalog catalog) => new(
        "seed load", $"{catalog.Products:N0} products", null,
        $"{catalog.Load.ProductsPerSecond:N0} products/s, {catalog.Load.VariantsPerSecond:N0} variants/s ({catalog.Load.Variants:N0} variants, {catalog.Load.Offers:N0} offers, {catalog.Load.Seconds:0.0} s){(catalog.Cached ? ", cached" : "")}",
        $">= {TargetProductsPerSecond:N0} products/s", catalog.Load.ProductsPerSecond >= TargetProductsPerSecond);

    private static async Task<bool> IsGeneratedAsync(string seed, int products, int sellers, CancellationToken ct)
    {
        var path = Path.Combine(seed, SeedFiles.Manifest);
        if (!File.Exists(path)) return false;
        await using var stream = File.OpenRead(path);
        var manifest = await JsonSerializer.DeserializeAsync<SeedManifest>(stream, SeedFiles.Json, ct);
        return manifest is not null && manifest.Products == products && manifest.Sellers == sellers;
    }

    private static async Task GenerateAsync(string seed, int products, int sellers, CancellationToken ct)
    {
        if (Directory.Exists(seed)) Directory.Delete(seed, recursive: true);
        await WithProgressAsync($"Generating {products:N0} products", products, progress =>
            new CatalogGenerator { Families = true }.WriteAsync(seed, products, sellers, progress, ct));
    }

    private static async Task<SeedLoadResult> LoadAsync(string seed, string data, int products, CancellationToken ct)
    {
        var builder = MarketplaceHost.CreateBuilder(["--DataDirectory", data, "--Database:SeedDemoData=false"]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MarketplaceDb>().Database.MigrateAsync(ct);
        var loader = scope.ServiceProvider.GetRequiredService<SeedLoader>();
        return await WithProgressAsync($"Loading {products:N0} products", products, progress => loader.LoadAsync(seed, progress, ct));
    }

    private static async Task<T> WithProgressAsync<T>(string description, int total, Func<IProgress<int>, Task<T>> work)
    {
        T result = default!;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask(description, maxValue: Math.Max(1, total));
                result = await work(new Progress<int>(done => task.Value = done));
                task.Value = task.MaxValue;
            });
        return result;
    }
}
