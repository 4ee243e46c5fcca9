namespace Marketplace.Api.Catalog;

public sealed class Category
{
    public int Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public int? ParentId { get; set; }
    /// <summary>Materialized path of ids, "/1/4/17/", so descendants are a prefix match.</summary>
    public string Path { get; set; } = "/";
    public int Depth { get; set; }
    public int Position { get; set; }

    /// <summary>The ids on the path above this category, top-level first.</summary>
    public IReadOnlyList<int> AncestorIds() =>
        Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).Where(id => id != Id).ToList();
}
