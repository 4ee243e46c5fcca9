using System.Numerics;

namespace Marketplace.Api.Search.Lucene;

/// <summary>
/// A <see cref="SearchFilter"/> compiled against the facet term table: each filtered dimension gets a bit (a slot),
/// each term the slot it satisfies. A product passes when every required slot is satisfied; one that fails exactly
/// one slot still counts in that slot's facet, which makes the counts disjunctive in a single pass.
/// </summary>
internal sealed class FilterPlan
{
    public const int MaxSlots = 31;
    public const int NoSlot = -1;

    /// <summary>Per term id: the slot whose filter it satisfies, or <see cref="NoSlot"/>.</summary>
    public required int[] TermSlots { get; init; }
    /// <summary>Per dimension id: the slot filtering that dimension, or <see cref="NoSlot"/>.</summary>
    public required int[] DimensionSlots { get; init; }
    public required int RequiredMask { get; init; }
    public required int PriceSlot { get; init; }
    public required long MinPrice { get; init; }
    public required long MaxPrice { get; init; }
    public required bool InStockOnly { get; init; }
    /// <summary>Per <see cref="FacetKind"/>: whether some slot filters terms of that kind.</summary>
    public required bool[] FilteredKinds { get; init; }
    /// <summary>Per slot: the <see cref="FacetKind"/> it filters, or -1 for price.</summary>
    public required int[] SlotKinds { get; init; }

    public static int SingleSlot(int failedMask) => BitOperations.TrailingZeroCount(failedMask);

    public static FilterPlan Compile(SearchFilter filter, FacetTermTable.Snapshot terms)
    {
        var termSlots = new int[terms.Terms.Length];
        Array.Fill(termSlots, NoSlot);
        var dimensionSlots = new int[terms.DimensionCount];
        Array.Fill(dimensionSlots, NoSlot);
        var slotByDimension = new Dictionary<string, int>(StringComparer.Ordinal);
        var slots = 0;
        var required = 0;

        int SlotFor(string dimensionKey)
        {
            if (slotByDimension.TryGetValue(dimensionKey, out var slot)) return slot;
            if (slots == MaxSlots) return NoSlot;
            slotByDimension.Add(dimensionKey, slot = slots++);
            required |= 1 << slot;
            return slot;
        }

        var categories = filter.CategoryIds.ToHashSet();
        var brands = filter.Brands.Select(SearchText.Key).ToHashSet();
        var sellers = filter.SellerHandles.Select(SearchText.Key).ToHashSet();
        var attributes = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var attribute in filter.Attributes)
        {
            if (attribute.Values.Count == 0) continue;
            var dimension = "a:" + FacetNames.ForAttribute(attribute.Name.Trim());
            if (!attributes.TryGetValue(dimension, out var values)) attributes.Add(dimension, values = []);
            values.UnionWith(attribute.Values.Select(SearchText.Key));
        }

        // Slots exist even when no term satisfies them: a brand nobody sells matches nothing.
        var slotKinds = new int[MaxSlots];
        var filteredKinds = new bool[Enum.GetValues<FacetKind>().Length];
        void Require(string dimensionKey, int kind)
        {
            var slot = SlotFor(dimensionKey);
            if (slot == NoSlot) return;
            slotKinds[slot] = kind;
            if (kind >= 0) filteredKinds[kind] = true;
        }
        if (categories.Count > 0) Require(FacetNames.Category, (int)FacetKind.Category);
        if (brands.Count > 0) Require(FacetNames.Brand, (int)FacetKind.Brand);
        if (sellers.Count > 0) Require(FacetNames.Seller, (int)FacetKind.Seller);
        foreach (var dimension in attributes.Keys) Require(dimension, (int)FacetKind.Attribute);
        var hasPrice = filter.MinPriceMinor is not null || filter.MaxPriceMinor is not null;
        if (hasPrice) Require(FacetNames.Price, -1);
        var priceSlot = hasPrice ? slotByDimension.GetValueOrDefault(FacetNames.Price, NoSlot) : NoSlot;

        for (var id = 0; slots > 0 && id < terms.Terms.Length; id++)
        {
            var term = terms.Terms[id];
            if (!slotByDimension.TryGetValue(term.DimensionKey, out var slot)) continue;
            dimensionSlots[terms.TermDimensions[id]] = slot;
            var satisfies = term.Kind switch
            {
                FacetKind.Category => categories.Contains(term.CategoryId),
                FacetKind.Brand => brands.Contains(term.MatchKey),
                FacetKind.Seller => sellers.Contains(term.MatchKey),
                _ => attributes.TryGetValue(term.DimensionKey, out var values) && values.Contains(term.MatchKey),
            };
            if (satisfies) termSlots[id] = slot;
        }

        return new FilterPlan
        {
            TermSlots = termSlots, DimensionSlots = dimensionSlots, RequiredMask = required, PriceSlot = priceSlot,
            MinPrice = filter.MinPriceMinor ?? long.MinValue, MaxPrice = filter.MaxPriceMinor ?? long.MaxValue,
            InStockOnly = filter.InStockOnly, FilteredKinds = filteredKinds, SlotKinds = slotKinds,
        };
    }
}
