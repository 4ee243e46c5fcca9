using System.Collections.Concurrent;
using Marketplace.Api.Infrastructure.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Marketplace.Api.Tests.Webhooks;

/// <summary>
/// A real HTTP endpoint on 127.0.0.1 and a free port that records every webhook it gets and answers with the status
/// <see cref="Respond"/> picks, after <see cref="Delay"/>. It also notes the most requests of one webhook-id in flight at once.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Receipt(string Path, string Id, string Timestamp, string Signature, string Body, DateTimeOffset At, int Answered);

    private readonly WebApplication app;
    private readonly ConcurrentQueue<Receipt> receipts = new();
    private readonly ConcurrentDictionary<string, int> inFlight = new();
    private readonly ConcurrentDictionary<string, int> seen = new();
    private int maxInFlightPerId;

    private WebhookReceiver(WebApplication app) => this.app = app;

    /// <summary>The status to answer, given the webhook-id and how many times it has been received before (0 the first time).</summary>
    public Func<string, int, int> Respond { get; set; } = (_, _) => 200;

    public TimeSpan Delay { get; set; }

    public IReadOnlyList<Receipt> Receipts => [.. receipts];

    public int MaxInFlightPerId => Volatile.Read(ref maxInFlightPerId);

    public Uri BaseAddress { get; private set; } = null!;

    public string Url(string path = "/hooks") => new Uri(BaseAddress, path).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.Single());
        return receiver;
    }

    private async Task ReceiveAsync(HttpContext context)
    {
        var id = context.Request.Headers[WebhookSignature.IdHeader].ToString();
        var now = inFlight.AddOrUpdate(id, 1, (_, n) => n + 1);
        lock (inFlight) maxInFlightPerId = Math.Max(maxInFlightPerId, now);
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
            var before = seen.AddOrUpdate(id, 1, (_, n) => n + 1) - 1;
            var status = Respond(id, before);
            receipts.Enqueue(new Receipt(context.Request.Path, id, context.Request.Headers[WebhookSignature.TimestampHeader].ToString(),
                context.Request.Headers[WebhookSignature.SignatureHeader].ToString(), body, DateTimeOffset.UtcNow, status));
            context.Response.StatusCode = status;
        }
        finally
        {
            inFlight.AddOrUpdate(id, 0, (_, n) => n - 1);
        }
    }

    /// <summary>Waits (polling, at most 30 s) until the receipts satisfy the condition.</summary>
    public async Task<IReadOnlyList<Receipt>> WaitForAsync(Func<IReadOnlyList<Receipt>, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition(Receipts))
        {
            try
            {
                await Task.Delay(20, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The receiver did not get the expected webhooks; it has {receipts.Count}.");
            }
        }
        return Receipts;
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
