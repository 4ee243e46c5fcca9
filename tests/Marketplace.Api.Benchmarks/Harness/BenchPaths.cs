namespace Marketplace.Api.Benchmarks.Harness;

public static class BenchPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Generated seeds and databases; gitignored. Pass --cache to keep them outside the checkout.</summary>
    public static string DefaultCache => Path.Combine(RepositoryRoot, "bench-data");

    /// <summary>The API's own build output in this harness's configuration (dotnet run builds it as a reference).</summary>
    public static string ApiDll
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (configuration, framework) = (output.Parent!.Name, output.Name);
            return Path.Combine(RepositoryRoot, "src", "Marketplace.Api", "bin", configuration, framework, "Marketplace.Api.dll");
        }
    }

    // Catalogs of product families (options and variants); the name keeps them apart from older single-variant caches.
    public static string SeedDirectory(string cache, int products, int sellers) => Path.Combine(cache, $"seed-families-{products}-{sellers}");

    public static string DataDirectory(string cache, int products, int sellers) => Path.Combine(cache, $"db-families-{products}-{sellers}");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.Api.sln"))) return dir.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}
