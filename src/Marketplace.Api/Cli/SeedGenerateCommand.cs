using System.CommandLine;
using Marketplace.Api.Seeding;
using Spectre.Console;

namespace Marketplace.Api.Cli;

internal static class SeedGenerateCommand
{
    public static Command Create()
    {
        var products = new Option<int>("--products") { Description = "How many products.", DefaultValueFactory = _ => 1_000 };
        var sellers = new Option<int>("--sellers") { Description = "How many sellers.", DefaultValueFactory = _ => 50 };
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write.", Required = true };
        var randomSeed = new Option<int>("--seed") { Description = "Random seed: the same seed writes the same files.", DefaultValueFactory = _ => 42 };
        var name = new Option<string>("--name") { Description = "The catalog's name in manifest.json.", DefaultValueFactory = _ => "synthetic" };
        var families = new Option<bool>("--families") { Description = "Write product families: options (size, color, storage) and a variant per combination, each with its own GTIN." };
        var command = new Command("generate", "Write a deterministic synthetic catalog in the seed format.") { products, sellers, output, randomSeed, name, families };
        command.SetAction(async (result, ct) =>
        {
            var (count, sellerCount, dir) = (result.GetValue(products), result.GetValue(sellers), result.GetValue(output)!);
            if (count < 0 || sellerCount < 1)
            {
                Console.Error.WriteLine("--products must be 0 or more and --sellers 1 or more.");
                return 2;
            }
            var generator = new CatalogGenerator(result.GetValue(randomSeed)) { Name = result.GetValue(name)!, Families = result.GetValue(families) };
            var started = TimeProvider.System.GetTimestamp();
            SeedManifest? manifest = null;
            await ConsoleProgress.RunAsync("Generating products", count, async progress =>
                manifest = await generator.WriteAsync(dir.FullName, count, sellerCount, progress, ct));
            var seconds = TimeProvider.System.GetElapsedTime(started).TotalSeconds;
            Console.WriteLine($"Wrote {manifest!.Sellers:N0} sellers, {manifest.Categories:N0} categories, {manifest.Products:N0} products, " +
                (manifest.Variants is { } variants ? $"{variants:N0} variants, " : "") + $"{manifest.Offers:N0} offers to {dir.FullName} in {seconds:0.0} s.");
            return 0;
        });
        return command;
    }
}
