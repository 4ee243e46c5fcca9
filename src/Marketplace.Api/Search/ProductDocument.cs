namespace Marketplace.Api.Search;

/// <summary>
/// What the search engines index for one product: built from the database by <see cref="ProductDocuments"/>, one per
/// product with at least one visible offer (a product nobody can buy is not searchable).
/// </summary>
public sealed record ProductDocument
{
    public required long ProductId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public string? Brand { get; init; }

    /// <summary>The product's category and every ancestor, top level first (the last is the product's own).</summary>
    public required IReadOnlyList<DocumentCategory> Categories { get; init; }

    /// <summary>Attributes of the whole family (gender, material, ...), names as stored ("gender").</summary>
    public required IReadOnlyList<DocumentAttribute> Attributes { get; init; }

    /// <summary>Each distinct option value of the product's variants ("Size" = "M"), available when a visible offer of a variant with it has stock.</summary>
    public required IReadOnlyList<DocumentOptionValue> OptionValues { get; init; }

    /// <summary>The price buyers see (cheapest in-stock visible offer, else cheapest visible), in minor units; the price range's minimum.</summary>
    public required long PriceMinor { get; init; }
    public required long MaxPriceMinor { get; init; }
    public required bool InStock { get; init; }
    public required IReadOnlyList<DocumentSeller> Sellers { get; init; }
    public required int OfferCount { get; init; }

    /// <summary>A non-negative score of how much buyers want the product; higher ranks higher in POPULARITY sort and as a relevance tie-break.</summary>
    public required double Popularity { get; init; }
    public required DateTime CreatedAt { get; init; }
}

public sealed record DocumentCategory(int Id, string Slug, string Name);

public sealed record DocumentAttribute(string Name, string Value);

public sealed record DocumentOptionValue(string Name, string Value, bool Available);

public sealed record DocumentSeller(long Id, string Handle, string Name);
