namespace Marketplace.Api.Infrastructure;

/// <summary>The one folder where the embedded default keeps its database, index and signing key.</summary>
public sealed class DataDirectory
{
    public const string Key = "DataDirectory";

    public DataDirectory(IConfiguration configuration)
    {
        Path = System.IO.Path.GetFullPath(configuration[Key] is { Length: > 0 } path ? path : "data");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);
}
