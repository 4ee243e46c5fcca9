using System.Globalization;

namespace Marketplace.Api.Search.Lucene;

internal enum FacetKind { Category, Brand, Seller, Attribute }

/// <summary>
/// One filter and facet value of a product (a category, a brand, a seller, an attribute or option value), stored in
/// the <see cref="ProductFields.Facets"/> doc values under a key that carries everything a facet shows, so counting
/// never goes back to stored fields.
/// </summary>
internal sealed record FacetTerm(FacetKind Kind, string Dimension, string MatchKey, string Value, string Label, int CategoryId = 0)
{
    private const char Separator = '\u001f';
    private const char Available = '+';
    private const char Unavailable = '-';

    public static string ForCategory(DocumentCategory category) =>
        Join("c", category.Id.ToString(CultureInfo.InvariantCulture), category.Slug, category.Name);

    public static string ForBrand(string brand) => Join("b", SearchText.Key(brand), brand.Trim());

    public static string ForSeller(DocumentSeller seller) => Join("s", SearchText.Key(seller.Handle), seller.Handle, seller.Name);

    /// <summary>Product attributes and option values share one dimension per lower-cased name ("size" finds option "Size").</summary>
    public static string ForAttribute(string name, string value) => Join("a", SearchText.Key(name), SearchText.Key(value), value.Trim());

    public static string WithAvailability(string key, bool available) => (available ? Available : Unavailable) + key;

    public static (string Key, bool Available) SplitAvailability(string stored) => (stored[1..], stored[0] == Available);

    public static FacetKind KindOf(string key) => key[0] switch
    {
        'c' => FacetKind.Category,
        'b' => FacetKind.Brand,
        's' => FacetKind.Seller,
        _ => FacetKind.Attribute,
    };

    public static FacetTerm Parse(string key)
    {
        var parts = key.Split(Separator);
        return parts[0] switch
        {
            "c" => new FacetTerm(FacetKind.Category, FacetNames.Category, parts[1], parts[2], parts[3], int.Parse(parts[1], CultureInfo.InvariantCulture)),
            "b" => new FacetTerm(FacetKind.Brand, FacetNames.Brand, parts[1], parts[2], parts[2]),
            "s" => new FacetTerm(FacetKind.Seller, FacetNames.Seller, parts[1], parts[2], parts[3]),
            _ => new FacetTerm(FacetKind.Attribute, FacetNames.ForAttribute(parts[1]), parts[2], parts[3], parts[3]),
        };
    }

    /// <summary>Facet dimensions are told apart by kind too, so an attribute called "brand" stays an attribute.</summary>
    public string DimensionKey { get; } = Kind == FacetKind.Attribute ? "a:" + Dimension : Dimension;

    private static string Join(params string[] parts) =>
        string.Join(Separator, parts.Select(p => p.Replace(Separator, ' ')));
}

/// <summary>
/// Numbers every facet term seen in any segment, so per-segment arrays hold small ints and one count array serves
/// all segments. It only grows (terms of deleted products stay, costing a few bytes each) and is per engine.
/// </summary>
internal sealed class FacetTermTable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, int> idsByKey = new(StringComparer.Ordinal);
    private readonly Dictionary<(string, string), int> idsBySameValue = [];
    private readonly List<FacetTerm> terms = [];
    private readonly Dictionary<string, int> dimensionIds = new(StringComparer.Ordinal);
    private readonly List<int> termDimensions = [];
    private volatile Snapshot? snapshot;

    public sealed record Snapshot(FacetTerm[] Terms, int[] TermDimensions, int DimensionCount);

    public int Intern(string key)
    {
        lock (gate)
        {
            if (idsByKey.TryGetValue(key, out var id)) return id;
            var term = FacetTerm.Parse(key);
            // Spellings of one value ("Black", "black") share the first one's id, so they filter and count as one.
            if (idsBySameValue.TryGetValue((term.DimensionKey, term.MatchKey), out id))
            {
                idsByKey.Add(key, id);
                return id;
            }
            id = terms.Count;
            idsBySameValue.Add((term.DimensionKey, term.MatchKey), id);
            if (!dimensionIds.TryGetValue(term.DimensionKey, out var dimension))
                dimensionIds.Add(term.DimensionKey, dimension = dimensionIds.Count);
            terms.Add(term);
            termDimensions.Add(dimension);
            idsByKey.Add(key, id);
            snapshot = null;
            return id;
        }
    }

    /// <summary>The terms so far; a search takes one after its segments are loaded, so it covers their ids.</summary>
    public Snapshot Current()
    {
        var current = snapshot;
        if (current is not null) return current;
        lock (gate)
            return snapshot ??= new Snapshot([.. terms], [.. termDimensions], dimensionIds.Count);
    }
}
