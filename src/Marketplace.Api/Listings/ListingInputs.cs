using Marketplace.Api.Catalog;
using Marketplace.Api.GraphQL;

namespace Marketplace.Api.Listings;

/// <summary>A listing to create, or (in bulk) to create or update by SKU.</summary>
public sealed class ListingInput
{
    public string Sku { get; init; } = "";
    public string? ProductId { get; init; }
    public string? VariantId { get; init; }
    public NewProductInput? Product { get; init; }
    public VariantInput? Variant { get; init; }
    public decimal Price { get; init; }
    public decimal? CompareAtPrice { get; init; }
    public int Stock { get; init; }
    public OfferCondition Condition { get; init; } = OfferCondition.New;
    public bool Publish { get; init; }
}

public sealed class NewProductInput
{
    public string Title { get; init; } = "";
    public string? Description { get; init; }
    public string? Brand { get; init; }
    public string? CategoryId { get; init; }
    public string? CategorySlug { get; init; }
    public string? Gtin { get; init; }
    public IReadOnlyList<AttributeInput>? Attributes { get; init; }
    public IReadOnlyList<ImageInput>? Images { get; init; }
    public IReadOnlyList<ProductOptionInput>? Options { get; init; }
    public string? FamilyKey { get; init; }
}

public sealed class ProductOptionInput
{
    public string Name { get; init; } = "";
    public IReadOnlyList<string> Values { get; init; } = [];
}

/// <summary>A new variant: its value for each of the product's options, and its own GTIN.</summary>
public sealed class VariantInput
{
    public IReadOnlyList<SelectedOptionInput> SelectedOptions { get; init; } = [];
    public string? Gtin { get; init; }
}

public sealed class SelectedOptionInput
{
    public string Name { get; init; } = "";
    public string Value { get; init; } = "";
}

public sealed class AttributeInput
{
    public string Name { get; init; } = "";
    public string Value { get; init; } = "";
}

public sealed class ImageInput
{
    public string Url { get; init; } = "";
    public string? AltText { get; init; }
}

public sealed class UpdateListingInput
{
    public string ListingId { get; init; } = "";
    public int? ExpectedVersion { get; init; }
    public string? Sku { get; init; }
    public decimal? Price { get; init; }
    public decimal? CompareAtPrice { get; init; }
    public bool ClearCompareAtPrice { get; init; }
    public int? Stock { get; init; }
    public OfferCondition? Condition { get; init; }
}

public sealed class ListingIdInput
{
    public string ListingId { get; init; } = "";
}

public sealed class AdjustStockInput
{
    public string ListingId { get; init; } = "";
    public int Delta { get; init; }
}

public sealed class BulkUpsertListingsInput
{
    public IReadOnlyList<ListingInput> Rows { get; init; } = [];
}

public sealed record ListingPayload(Offer? Listing, IReadOnlyList<UserError> UserErrors);

public enum BulkRowOutcome { Created, Updated, Rejected }

public sealed record BulkRowResult(int Index, string Sku, BulkRowOutcome Outcome, Offer? Listing, IReadOnlyList<UserError> UserErrors);

public sealed record BulkUpsertPayload(IReadOnlyList<BulkRowResult> Rows, IReadOnlyList<UserError> UserErrors)
{
    public int Created => Rows.Count(r => r.Outcome == BulkRowOutcome.Created);
    public int Updated => Rows.Count(r => r.Outcome == BulkRowOutcome.Updated);
    public int Rejected => Rows.Count(r => r.Outcome == BulkRowOutcome.Rejected);
}
