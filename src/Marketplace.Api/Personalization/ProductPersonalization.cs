using System.Text;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.MicrosoftDI;
using GraphQL.Types;
using Marketplace.Api.Catalog;
using Marketplace.Api.Profiles.Personas;

namespace Marketplace.Api.Personalization;

public enum DescriptionFormat { Full, Short, Persona }

public sealed class DescriptionFormatType : EnumerationGraphType<DescriptionFormat>
{
    public DescriptionFormatType()
    {
        Name = "DescriptionFormat";
        Description = $"FULL: the whole text. SHORT: its first sentences up to the persona's word count (else {ProductDescriptions.ShortWords} words). PERSONA: what the caller's persona prefers.";
    }
}

/// <summary>Product descriptions in the length a reader wants.</summary>
public static class ProductDescriptions
{
    public const int ShortWords = 30;

    /// <summary>The description for the caller's persona: short for a text reader who asked for few words, else all of it.</summary>
    public static string ForPersona(string description, Persona? persona) =>
        persona is { ContentFormat: ContentFormat.Text, DescriptionWords: > 0 and var words } ? Shorten(description, words) : description;

    /// <summary>
    /// The first whole sentences that fit in <paramref name="words"/> words; when even the first does not fit, its first
    /// words, cut at a word boundary, with "…". A text that fits is returned as it is.
    /// </summary>
    public static string Shorten(string text, int words)
    {
        var all = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (all.Length <= words) return text.Trim();
        var kept = new StringBuilder();
        var count = 0;
        foreach (var sentence in Sentences(text))
        {
            var length = sentence.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
            if (count + length > words) break;
            if (kept.Length > 0) kept.Append(' ');
            kept.Append(sentence);
            count += length;
        }
        return kept.Length > 0 ? kept.ToString() : string.Join(' ', all.Take(words)).TrimEnd(',', ';', ':', '-') + "…";
    }

    private static IEnumerable<string> Sentences(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('.' or '!' or '?') || (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))) continue;
            var sentence = text[start..(i + 1)].Trim();
            if (sentence.Length > 0) yield return sentence;
            start = i + 1;
        }
        if (text[start..].Trim() is { Length: > 0 } rest) yield return rest;
    }
}

/// <summary>The Product fields that depend on who asks: the description in the persona's form, the variant in the caller's size.</summary>
public static class ProductPersonalizationFields
{
    public static void AddDescriptionField(this ObjectGraphType<Product> product) =>
        product.Field<StringGraphType, string?>("description")
            .Description("The description; format SHORT or PERSONA shapes it for a storefront (PERSONA: short for a TEXT reader with a word preference, else all of it).")
            .Argument<DescriptionFormatType>("format", arg => arg.DefaultValue = DescriptionFormat.Full)
            .Resolve().WithService<CallerFeaturesProvider>()
            .ResolveAsync(async (ctx, callers) =>
            {
                var format = ctx.GetArgument("format", DescriptionFormat.Full);
                if (ctx.Source.Description is not { } description || format == DescriptionFormat.Full) return ctx.Source.Description;
                var persona = (await callers.GetAsync(ctx.CancellationToken)).Persona;
                return format == DescriptionFormat.Short
                    ? ProductDescriptions.Shorten(description, persona is { DescriptionWords: > 0 and var words } ? words : ProductDescriptions.ShortWords)
                    : ProductDescriptions.ForPersona(description, persona);
            });

    public static void AddPreferredVariantField(this ObjectGraphType<Product> product) =>
        product.Field<ProductVariantType, IDataLoaderResult<ProductVariant?>>("preferredVariant")
            .Description("The in-stock variant in the caller's usual size for this category (from their views, carts and purchases) and preferred color, else in that size; null when their size is not known, or not in stock. What a product page opens on.")
            .Resolve().WithService<PreferredVariantLoader>()
            .Resolve((ctx, loader) => loader.Load((ctx.Source.Id, ctx.Source.CategoryId)));
}
