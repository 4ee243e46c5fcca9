namespace Marketplace.Api.Tests.Infrastructure;

public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string DemoSeed => Path.Combine(Root, "seed", "demo");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Marketplace.Api.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Marketplace.Api.sln not found above " + AppContext.BaseDirectory);
    }
}
