using System.Collections.Frozen;
using System.Net;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Marketplace.Api.GraphQL.Ide;

/// <summary>
/// The GraphiQL IDE, served from embedded assets so it works offline and without a CDN.
/// </summary>
public static class GraphQLIde
{
    internal const string Endpoint = "/graphql";
    internal const string AssetsPath = "/graphql/ide";
    internal const string DefaultQuery = "{ products(first: 5) { edges { node { title } } } }";

    private const string ResourcePrefix = "Marketplace.Api.GraphQL.Ide.assets.";

    // Order matters: React before ReactDOM before GraphiQL before the bootstrap script.
    private static readonly string[] Scripts =
    [
        "react-18.3.1.production.min.js",
        "react-dom-18.3.1.production.min.js",
        "graphiql-3.9.0.min.js",
        "ide.js",
    ];

    private static readonly string[] Stylesheets = ["graphiql-3.9.0.min.css", "ide.css"];

    private static readonly Lazy<FrozenDictionary<string, Asset>> Assets = new(LoadAssets);

    public static IEndpointRouteBuilder MapGraphQLIdeAssets(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(AssetsPath + "/{file}", (HttpContext context, string file) => ServeAsset(context, file))
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// True for a browser navigating to the endpoint: a GET without a <c>query</c> parameter whose
    /// Accept header ranks text/html above the GraphQL response media types.
    /// </summary>
    public static bool WantsPage(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) || request.Query.ContainsKey("query"))
            return false;
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accept))
            return false;

        var html = Quality(accept, "text", "html");
        return html > 0
            && html > Quality(accept, "application", "graphql-response+json")
            && html > Quality(accept, "application", "json");
    }

    public static Task WritePageAsync(HttpContext context)
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var basePath = context.Request.PathBase.Value ?? "";

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.ContentSecurityPolicy =
            "default-src 'none'; " +
            "script-src 'self'; " +
            $"style-src 'self' 'nonce-{nonce}'; " +
            "font-src 'self' data:; " +
            "img-src 'self' data:; " +
            "connect-src 'self'; " +
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

        return response.WriteAsync(RenderPage(basePath, nonce), context.RequestAborted);
    }

    internal static string RenderPage(string basePath, string nonce)
    {
        string Url(string file) => WebUtility.HtmlEncode($"{basePath}{AssetsPath}/{file}?v={Assets.Value[file].Version}");

        var stylesheets = string.Concat(Stylesheets.Select(file => $"\n  <link rel=\"stylesheet\" href=\"{Url(file)}\">"));
        var scripts = string.Concat(Scripts.Select(file => $"\n  <script src=\"{Url(file)}\" nonce=\"{nonce}\"></script>"));

        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="robots" content="noindex">
              <title>Marketplace GraphQL IDE</title>
              <link rel="icon" href="data:,">{stylesheets}
            </head>
            <body>
              <div id="graphiql" data-endpoint="{WebUtility.HtmlEncode(basePath + Endpoint)}" data-default-query="{WebUtility.HtmlEncode(DefaultQuery)}">Loading…</div>{scripts}
            </body>
            </html>
            """;
    }

    private static Task ServeAsset(HttpContext context, string file)
    {
        var response = context.Response;
        if (!Assets.Value.TryGetValue(file, out var asset))
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        response.Headers.ETag = asset.ETag.ToString();
        response.Headers.CacheControl = "public, max-age=31536000, immutable";
        response.Headers.XContentTypeOptions = "nosniff";

        var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(asset.ETag, useStrongComparison: false)))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    private static double Quality(IList<MediaTypeHeaderValue> accept, string type, string subType)
    {
        // The most specific matching range decides (RFC 9110, 12.5.1).
        var best = (Specificity: -1, Quality: 0.0);
        foreach (var range in accept)
        {
            var specificity =
                range.MatchesAllTypes ? 0 :
                !range.Type.Equals(type, StringComparison.OrdinalIgnoreCase) ? -1 :
                range.MatchesAllSubTypes ? 1 :
                range.SubType.Equals(subType, StringComparison.OrdinalIgnoreCase) ? 2 : -1;
            if (specificity > best.Specificity)
                best = (specificity, range.Quality ?? 1.0);
        }
        return best.Quality;
    }

    private static FrozenDictionary<string, Asset> LoadAssets()
    {
        var assembly = typeof(GraphQLIde).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(
                name => name[ResourcePrefix.Length..],
                name => Asset.Load(assembly, name),
                StringComparer.Ordinal);
    }

    private sealed record Asset(ReadOnlyMemory<byte> Content, string ContentType, EntityTagHeaderValue ETag, string Version)
    {
        public static Asset Load(Assembly assembly, string resourceName)
        {
            using var stream = assembly.GetManifestResourceStream(resourceName)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();

            var hash = Convert.ToHexStringLower(SHA256.HashData(content));
            var contentType = Path.GetExtension(resourceName) switch
            {
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".txt" => "text/plain; charset=utf-8",
                _ => "application/octet-stream",
            };
            return new(content, contentType, new EntityTagHeaderValue($"\"{hash}\""), hash[..12]);
        }
    }
}
