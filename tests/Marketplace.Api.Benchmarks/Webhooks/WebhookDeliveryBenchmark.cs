using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Marketplace.Api.Benchmarks.Harness;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Webhooks;

/// <summary>
/// Webhooks from commit to receipt: the API on the demo marketplace, one seller's endpoint a local HTTP listener,
/// `sendTestWebhook` called by several clients at once (each call commits one event), and every receipt timed
/// against the answer of the call that raised it.
/// </summary>
public static class WebhookDeliveryBenchmark
{
    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string dataDirectory, int deliveries, int senders, CancellationToken ct)
    {
        var port = ApiServer.FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = new ConcurrentDictionary<string, long>();
        var receiving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); }
                catch (Exception) { return; }
                var at = Stopwatch.GetTimestamp();
                received.TryAdd(context.Request.Headers["webhook-id"] ?? "", at);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }, ct);

        await using var server = await ApiServer.StartAsync(dataDirectory, ct,
            "--Database:SeedDemoData=true", "--Webhooks:AllowPrivateNetworks=true", "--Webhooks:AllowHttp=true");
        var (token, _) = await server.SellerAsync(ct);
        using var seller = new GraphQLHttpClient(server.Address, token);
        GraphQLHttpClient.Data((await seller.PostAsync(GraphQLHttpClient.Body(
            "mutation($url: String!) { updateSellerSettings(input: {webhookUrl: $url, webhookSecret: \"bench-secret-0123456789\"}) { userErrors { code message } } }",
            new { url = $"http://127.0.0.1:{port}/hooks" }), ct)).Body);

        var sent = new ConcurrentDictionary<string, long>();
        var body = GraphQLHttpClient.Body("mutation { sendTestWebhook { delivery { webhookId } userErrors { code } } }");
        var started = Stopwatch.GetTimestamp();
        await AnsiConsole.Status().StartAsync($"{deliveries:N0} webhooks from {senders} clients", async _ =>
        {
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, senders).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < deliveries)
                {
                    var data = GraphQLHttpClient.Data((await seller.PostAsync(body, ct)).Body);
                    sent[data.GetProperty("sendTestWebhook").GetProperty("delivery").GetProperty("webhookId").GetString()!] = Stopwatch.GetTimestamp();
                }
            }));
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
            while (sent.Keys.Any(id => !received.ContainsKey(id)) && Stopwatch.GetTimestamp() < deadline) await Task.Delay(20, ct);
        });
        listener.Stop();

        var arrived = sent.Where(s => received.ContainsKey(s.Key)).ToList();
        var delays = arrived.Select(s => Stopwatch.GetElapsedTime(s.Value, received[s.Key]).TotalMilliseconds).ToList();
        var last = arrived.Count == 0 ? started : arrived.Max(s => received[s.Key]);
        var rate = arrived.Count / Stopwatch.GetElapsedTime(started, last).TotalSeconds;
        var latency = Latency.Of(delays);
        return
        [
            new("webhooks", $"commit to receipt, {senders} senders", latency,
                $"{arrived.Count:N0} of {deliveries:N0} received, {rate:N0} deliveries/s", "p95 <= 1 s", latency.P95 <= 1_000 && arrived.Count == deliveries),
        ];
    }
}
