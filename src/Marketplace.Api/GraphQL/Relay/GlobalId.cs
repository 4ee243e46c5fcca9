using System.Diagnostics.CodeAnalysis;

namespace Marketplace.Api.GraphQL.Relay;

/// <summary>Global object ids in the Shopify style, <c>gid://marketplace/Product/42</c>: opaque to clients, readable in logs.</summary>
public static class GlobalId
{
    private const string Prefix = "gid://marketplace/";

    public static string Encode(string typeName, long id) => $"{Prefix}{typeName}/{id}";

    public static bool TryDecode(string? globalId, [NotNullWhen(true)] out string? typeName, out long id)
    {
        typeName = null;
        id = 0;
        if (globalId is null || !globalId.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var rest = globalId.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0 || !long.TryParse(rest[(slash + 1)..], System.Globalization.NumberStyles.None, null, out id) || id <= 0)
            return false;
        typeName = rest[..slash].ToString();
        return true;
    }

    /// <summary>The numeric id of a global id of the expected type, or null when it is malformed or of another type.</summary>
    public static long? Parse(string? globalId, string expectedType) =>
        TryDecode(globalId, out var type, out var id) && type == expectedType ? id : null;
}
