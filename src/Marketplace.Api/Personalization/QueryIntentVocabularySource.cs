using Marketplace.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Personalization;

/// <summary>Reads the intent vocabulary from the catalog: distinct gender, color and size values of products and variants, and category names.</summary>
public static class QueryIntentVocabularySource
{
    private static readonly string[] ColorNames = ["color", "colour"];

    public static async Task<QueryIntentVocabulary> LoadAsync(MarketplaceDb db, CancellationToken ct)
    {
        async Task<List<string>> Values(params string[] names) =>
        [
            .. await db.ProductAttributes.AsNoTracking().Where(a => names.Contains(a.Name.ToLower())).Select(a => a.Value).Distinct().ToListAsync(ct),
            .. await db.VariantOptionValues.AsNoTracking().Where(o => names.Contains(o.Name.ToLower())).Select(o => o.Value).Distinct().ToListAsync(ct),
        ];
        var categories = await db.Categories.AsNoTracking().Select(c => new { c.Slug, c.Name }).ToListAsync(ct);
        return new QueryIntentVocabulary(await Values("gender"), await Values(ColorNames), await Values("size"),
            categories.Select(c => (c.Slug, c.Name)));
    }
}
