using Marketplace.Api.GraphQL.Limits;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Marketplace.Api.GraphQL.Transport;

internal static class RequestBody
{
    /// <summary>Anonymous callers keep the small limit; a valid bearer token (checked once per request) allows bulk imports.</summary>
    public static async Task<long> LimitAsync(HttpContext http, GraphQLLimitsOptions limits) =>
        http.Request.Headers.Authorization.Count > 0 && (await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme)).Succeeded
            ? Math.Max(limits.MaxRequestBytes, limits.MaxAuthenticatedRequestBytes)
            : limits.MaxRequestBytes;

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
