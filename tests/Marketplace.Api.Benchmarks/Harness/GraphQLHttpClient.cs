using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Marketplace.Api.Benchmarks.Harness;

/// <summary>POST /graphql with pre-serialized bodies, so the client spends as little as it can per request.</summary>
public sealed class GraphQLHttpClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonType = new("application/json");
    private readonly HttpClient http;

    public GraphQLHttpClient(Uri address, string? bearerToken = null)
    {
        http = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 256 }) { BaseAddress = address };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/graphql-response+json"));
        if (bearerToken is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
    }

    public static byte[] Body(string query, object? variables = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new { query, variables });

    /// <summary>Sends one request and reads the whole response; returns the body and the milliseconds it took.</summary>
    public async Task<(byte[] Body, double Milliseconds)> PostAsync(byte[] body, CancellationToken ct, string? visitorId = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = JsonType;
        if (visitorId is not null) request.Headers.Add("X-Visitor-Id", visitorId);
        using var response = await http.SendAsync(request, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"POST /graphql answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        return (bytes, elapsed);
    }

    /// <summary>The data of a response, or an exception with its errors.</summary>
    public static JsonElement Data(byte[] response)
    {
        var root = JsonDocument.Parse(response).RootElement;
        if (root.TryGetProperty("errors", out var errors))
            throw new InvalidOperationException($"GraphQL errors: {errors}");
        return root.GetProperty("data");
    }

    public void Dispose() => http.Dispose();
}
