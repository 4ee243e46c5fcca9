using Marketplace.Api.GraphQL.Limits;
using Marketplace.Api.Infrastructure.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Marketplace.Api.GraphQL.Transport;

internal static class RequestBody
{
    /// <summary>Sellers and admins with a valid token (checked once per request) may send bulk imports; everyone else keeps the small limit.</summary>
    public static async Task<long> LimitAsync(HttpContext http, GraphQLLimitsOptions limits)
    {
        if (http.Request.Headers.Authorization.Count == 0) return limits.MaxRequestBytes;
        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        return authentication.Succeeded && new Viewer(authentication.Principal).MayImportInBulk
            ? Math.Max(limits.MaxRequestBytes, limits.MaxAuthenticatedRequestBytes)
            : limits.MaxRequestBytes;
    }

    /// <summary>Reads the body as text, or returns null once it passes maxBytes (without reading the rest).</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
