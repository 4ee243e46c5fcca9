using System.Globalization;
using System.Text;

namespace Marketplace.Api.Catalog;

public static class Slugs
{
    /// <summary>"Women's High-Rise Shorts" → "womens-high-rise-shorts".</summary>
    public static string From(string text, int maxLength = 200)
    {
        var builder = new StringBuilder(text.Length);
        var dash = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’') continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                dash = false;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
            if (builder.Length >= maxLength) break;
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "product" : slug;
    }
}
