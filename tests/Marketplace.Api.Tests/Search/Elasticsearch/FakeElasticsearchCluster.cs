using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

/// <summary>
/// Stands in for an Elasticsearch cluster, which cannot run where these tests run: a Kestrel listener on 127.0.0.1
/// that records every request the real <c>ElasticsearchClient</c> sends (the bytes on the wire) and answers with canned
/// JSON shaped like Elasticsearch 9's. It checks nothing about the requests; the snapshots are the check.
/// </summary>
public sealed class FakeElasticsearchCluster : IAsyncDisposable
{
    public sealed record RecordedRequest(string Method, string Path, string Body, string? ContentType, string? Authorization = null);

    private sealed record CannedAnswer(string Method, string PathContains, int Status, string Body, bool Once);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly List<CannedAnswer> _answers = [];
    private readonly Lock _lock = new();

    private FakeElasticsearchCluster(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToList();

    public static async Task<FakeElasticsearchCluster> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var cluster = new FakeElasticsearchCluster(app);
        app.Run(cluster.HandleAsync);
        await app.StartAsync();
        return cluster;
    }

    /// <summary>Answers matching requests (method, and a path containing the text) from now on; the latest matching answer wins.</summary>
    public void Answer(string method, string pathContains, int status, string body) => Add(new(method, pathContains, status, body, Once: false));

    /// <summary>Answers the next matching request only; queued answers go first, in order.</summary>
    public void AnswerOnce(string method, string pathContains, int status, string body) => Add(new(method, pathContains, status, body, Once: true));

    private void Add(CannedAnswer answer)
    {
        lock (_lock) _answers.Add(answer);
    }

    public IReadOnlyList<RecordedRequest> RequestsTo(string method, string pathContains) =>
        Requests.Where(r => r.Method == method && r.Path.Contains(pathContains, StringComparison.Ordinal)).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        // The client compresses request bodies, as it would for a real cluster.
        var content = context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        using var reader = new StreamReader(content, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, body,
            context.Request.ContentType, context.Request.Headers.Authorization.ToString());
        _requests.Enqueue(request);

        var (status, answer) = Find(request) ?? Default(request);
        context.Response.StatusCode = status;
        context.Response.Headers["X-Elastic-Product"] = "Elasticsearch";
        if (request.Method == "HEAD") return;
        context.Response.ContentType = "application/vnd.elasticsearch+json;compatible-with=9";
        await context.Response.WriteAsync(answer);
    }

    private (int, string)? Find(RecordedRequest request)
    {
        lock (_lock)
        {
            bool Matches(CannedAnswer a) => a.Method == request.Method && request.Path.Contains(a.PathContains, StringComparison.Ordinal);
            var answer = _answers.FirstOrDefault(a => a.Once && Matches(a)) ?? _answers.LastOrDefault(a => !a.Once && Matches(a));
            if (answer is null) return null;
            if (answer.Once) _answers.Remove(answer);
            return (answer.Status, answer.Body);
        }
    }

    private static (int, string) Default(RecordedRequest request)
    {
        var path = request.Path.Split('?')[0];
        if (request.Method == "HEAD") return (200, "");
        if (path.EndsWith("/_bulk", StringComparison.Ordinal)) return (200, BulkAccepted(request.Body));
        if (path.EndsWith("/_search", StringComparison.Ordinal)) return (200, EmptySearch);
        if (path.EndsWith("/_settings/index.number_of_replicas", StringComparison.Ordinal))
            return (200, """{"test-products-20250101000000000":{"settings":{"index":{"number_of_replicas":"1"}}}}""");
        if (request.Method == "GET" && path.StartsWith("/_alias/", StringComparison.Ordinal))
            return (404, $$"""{"error":"alias [{{path["/_alias/".Length..]}}] missing","status":404}""");
        if (path.EndsWith("/_count", StringComparison.Ordinal)) return (200, """{"count":0,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0}}""");
        if (request.Method == "PUT" && path.Count(c => c == '/') == 1)
            return (200, $$"""{"acknowledged":true,"shards_acknowledged":true,"index":"{{path.TrimStart('/')}}"}""");
        return (200, """{"acknowledged":true}""");
    }

    public const string EmptySearch =
        """{"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},"hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}""";

    /// <summary>Every action succeeds, as a cluster answers a healthy bulk.</summary>
    public static string BulkAccepted(string ndjson)
    {
        var items = new JsonArray();
        foreach (var line in ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var node = JsonNode.Parse(line)!.AsObject();
            var (action, meta) = (node.First().Key, node.First().Value);
            if (action is not ("index" or "create" or "delete" or "update") || meta?["_id"] is null) continue;
            items.Add(new JsonObject
            {
                [action] = new JsonObject
                {
                    ["_index"] = "fake-products-1",
                    ["_id"] = meta["_id"]!.GetValue<string>(),
                    ["_version"] = 1,
                    ["result"] = action == "delete" ? "deleted" : "created",
                    ["status"] = action == "delete" ? 200 : 201,
                },
            });
        }
        return new JsonObject { ["took"] = 3, ["errors"] = false, ["items"] = items }.ToJsonString();
    }

    /// <summary>A request as a snapshot shows it: method, path, and the body as JSON (NDJSON as an array of its lines).</summary>
    public static JsonObject Describe(RecordedRequest request)
    {
        var described = new JsonObject { ["method"] = request.Method, ["path"] = request.Path };
        if (request.Body.Length == 0) return described;
        described["body"] = request.Path.Contains("/_bulk", StringComparison.Ordinal)
            ? new JsonArray(request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonNode.Parse(line)).ToArray())
            : JsonNode.Parse(request.Body);
        return described;
    }

    public static string ForSnapshot(IEnumerable<RecordedRequest> requests) =>
        new JsonObject { ["requests"] = new JsonArray(requests.Select(r => (JsonNode?)Describe(r)).ToArray()) }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
