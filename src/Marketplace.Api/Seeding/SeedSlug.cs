using System.Text;

namespace Marketplace.Api.Seeding;

internal static class SeedSlug
{
    /// <summary>"Women's High-Rise Shorts, 5 in" becomes "womens-high-rise-shorts-5-in".</summary>
    public static string From(string text, int maxLength = int.MaxValue)
    {
        var slug = new StringBuilder(text.Length);
        var pendingHyphen = false;
        foreach (var c in text)
        {
            if (c is '\'' or '\u2019') continue;
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
        if (slug.Length <= maxLength) return slug.ToString();
        var cut = slug.ToString(0, maxLength);
        var lastHyphen = cut.LastIndexOf('-');
        return lastHyphen > 0 ? cut[..lastHyphen] : cut;
    }
}
