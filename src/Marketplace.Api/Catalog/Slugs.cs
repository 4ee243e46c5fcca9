using System.Globalization;
using System.Text;

namespace Marketplace.Api.Catalog;

public static class Slugs
{
    /// <summary>"Women's High-Rise Shorts, 5 in" becomes "womens-high-rise-shorts-5-in"; cut at a hyphen when too long.</summary>
    public static string From(string text, int maxLength = 200)
    {
        var slug = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (c is '\'' or '\u2019' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && slug.Length > 0) slug.Append('-');
                pendingHyphen = false;
                slug.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingHyphen = true;
            }
        }
        if (slug.Length == 0) return "product";
        if (slug.Length <= maxLength) return slug.ToString();
        var cut = slug.ToString(0, maxLength);
        var lastHyphen = cut.LastIndexOf('-');
        return lastHyphen > 0 ? cut[..lastHyphen] : cut;
    }
}
