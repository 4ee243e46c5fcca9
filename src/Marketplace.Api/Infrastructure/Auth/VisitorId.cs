using System.Text.RegularExpressions;

namespace Marketplace.Api.Infrastructure.Auth;

/// <summary>The anonymous visitor a storefront names in the X-Visitor-Id header: 8-64 letters, digits, '-' or '_'.</summary>
public static partial class VisitorId
{
    public const string Header = "X-Visitor-Id";

    public static bool IsValid(string? value) => value is not null && Pattern().IsMatch(value);

    /// <summary>The request's visitor id, or null when the header is missing or malformed.</summary>
    public static string? Of(HttpContext? http) =>
        http?.Request.Headers[Header].ToString() is { Length: > 0 } value && IsValid(value) ? value : null;

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex Pattern();
}
