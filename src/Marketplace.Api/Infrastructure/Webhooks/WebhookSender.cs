using System.Diagnostics;
using System.Net;
using System.Text;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Makes one attempt per attempt row: POSTs the delivery's body, signed, to the target's endpoint (a seller's, or a
/// segment destination's, looked up through <see cref="WebhookEndpointDirectory"/>), and records the
/// outcome with the next attempt (exponential backoff for up to Webhooks:MaxRetryHours) in one transaction.
/// An endpoint answering 410 Gone, or failing Webhooks:DisableAfterConsecutiveFailures times in a row, is disabled.
/// Delivery is at least once: a process that dies between the POST and the record sends again, under the same webhook-id.
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, WebhookSecrets secrets, WebhookEndpointDirectory directory, TimeProvider time,
    IOptions<WebhookOptions> options, ILogger<WebhookSender> logger) : IOutboxHandler
{
    public const string HttpClientName = "webhooks";

    public string Topic => WebhookDeliveries.AttemptTopic;

    // Sent at once, each within Webhooks:TimeoutSeconds, so a batch ends well inside its lease.
    public int BatchSize => 10;

    public Task HandleAsync(IReadOnlyList<OutboxMessage> batch, CancellationToken ct) =>
        Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = BatchSize, CancellationToken = ct },
            (message, token) => new ValueTask(AttemptAsync(Outbox.Read<WebhookDeliveries.WebhookAttempt>(message), token)));

    private sealed record Outcome(bool Sent, int? StatusCode, string? Error)
    {
        public bool Succeeded => StatusCode is >= 200 and < 300;
    }

    private async Task AttemptAsync(WebhookDeliveries.WebhookAttempt attempt, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var delivery = await db.WebhookDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == attempt.DeliveryId, ct);
        // A row left over from an earlier run (the delivery has moved on): nothing to do.
        if (delivery is null || delivery.Status != WebhookDeliveryStatus.Pending || delivery.Sequence != attempt.Sequence) return;

        var target = delivery.Target;
        var endpoint = await directory.FindAsync(db, target, ct);
        if (endpoint?.DisabledAt is not null)
        {
            await RecordAsync(db, delivery, new Outcome(false, null, "The webhook endpoint is disabled."), WebhookDeliveryStatus.Disabled, null, ct);
            return;
        }
        if (endpoint?.Url is null || endpoint.ProtectedSecret is null)
        {
            var missing = endpoint?.Url is null ? "No webhook URL is set." : "No webhook secret is set; set one and redeliver.";
            await RecordAsync(db, delivery, new Outcome(false, null, missing), WebhookDeliveryStatus.Failed, null, ct);
            return;
        }

        var outcome = await SendAsync(delivery, endpoint.Url, secrets.Unprotect(endpoint.ProtectedSecret), ct);
        var disabled = await UpdateHealthAsync(db, target, outcome, ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (outcome.Succeeded) await RecordAsync(db, delivery, outcome, WebhookDeliveryStatus.Succeeded, null, ct);
        else if (disabled) await RecordAsync(db, delivery, outcome, outcome.StatusCode == 410 ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Disabled, null, ct);
        else
        {
            var settings = options.Value;
            // Each wait is as long as the delivery has been failing (so the waits double), at least the base, at most the cap.
            var failingFor = now - delivery.QueuedAt;
            var wait = TimeSpan.FromSeconds(Math.Clamp(failingFor.TotalSeconds, settings.RetryBaseSeconds, settings.MaxRetryDelayHours * 3600))
                * (1 + Random.Shared.NextDouble() / 10);
            var next = now + wait;
            var giveUp = next - delivery.QueuedAt > TimeSpan.FromHours(settings.MaxRetryHours);
            await RecordAsync(db, delivery, outcome, giveUp ? WebhookDeliveryStatus.Failed : WebhookDeliveryStatus.Pending, giveUp ? null : next, ct);
        }
    }

    private async Task<Outcome> SendAsync(WebhookDelivery delivery, string url, string secret, CancellationToken ct)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, delivery.WebhookId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, delivery.WebhookId, timestamp, delivery.Payload));
        var client = http.CreateClient(HttpClientName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var code = (int)response.StatusCode;
            logger.LogInformation("Webhook {WebhookId} ({Type}) to {Target}: HTTP {Status} in {Elapsed} ms.",
                delivery.WebhookId, delivery.EventType, delivery.Target, code, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new Outcome(true, code, response.IsSuccessStatusCode ? null : $"The endpoint answered {code} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException e)
        {
            logger.LogInformation("Webhook {WebhookId} to {Target} failed: {Error}", delivery.WebhookId, delivery.Target, e.Message);
            return new Outcome(true, null, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogInformation("Webhook {WebhookId} to {Target} timed out.", delivery.WebhookId, delivery.Target);
            return new Outcome(true, null, $"No response within {options.Value.TimeoutSeconds} s.");
        }
    }

    /// <summary>Counts the target's failures in a row, resets them on success, and disables the endpoint when it must; true if it is disabled now.</summary>
    private async Task<bool> UpdateHealthAsync(MarketplaceDb db, WebhookTarget target, Outcome outcome, CancellationToken ct)
    {
        var endpoints = directory.For(target.Kind);
        if (outcome.Succeeded)
        {
            await endpoints.ResetFailuresAsync(db, target.Id, ct);
            return false;
        }
        var failures = await endpoints.AddFailureAsync(db, target.Id, ct);
        var limit = options.Value.DisableAfterConsecutiveFailures;
        string? reason = outcome.StatusCode == (int)HttpStatusCode.Gone ? "The endpoint answered 410 Gone."
            : failures >= limit ? $"{failures} deliveries in a row failed; the last: {outcome.Error}"
            : null;
        if (reason is null) return false;
        reason = Limits.Clip(reason, Limits.WebhookError);
        var now = time.GetUtcNow().UtcDateTime;
        if (await endpoints.DisableAsync(db, target.Id, reason, now, ct))
            logger.LogWarning("Webhook endpoint of {Target} disabled: {Reason} To enable it again, {Hint}.", target, reason, endpoints.EnableHint);
        return true;
    }

    /// <summary>Writes the outcome if the delivery is still at this attempt, and queues the next attempt when there is one.</summary>
    private async Task RecordAsync(MarketplaceDb db, WebhookDelivery delivery, Outcome outcome, WebhookDeliveryStatus status, DateTime? next, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var error = outcome.Error is { } text ? Limits.Clip(text, Limits.WebhookError) : null;
        var attempts = delivery.Attempts + (outcome.Sent ? 1 : 0);
        DateTime? lastAttempt = outcome.Sent ? now : delivery.LastAttemptAt;
        DateTime? delivered = status == WebhookDeliveryStatus.Succeeded ? now : null;
        var sequence = delivery.Sequence;
        // Recorded even when the caller is being stopped: the POST went out and its outcome must not be lost.
        await db.InTransactionAsync(async token =>
        {
            var moved = await db.WebhookDeliveries
                .Where(d => d.Id == delivery.Id && d.Sequence == sequence && d.Status == WebhookDeliveryStatus.Pending)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.Sequence, sequence + 1)
                    .SetProperty(d => d.Status, status)
                    .SetProperty(d => d.Attempts, attempts)
                    .SetProperty(d => d.LastStatusCode, outcome.Sent ? outcome.StatusCode : delivery.LastStatusCode)
                    .SetProperty(d => d.LastError, error)
                    .SetProperty(d => d.LastAttemptAt, lastAttempt)
                    .SetProperty(d => d.NextAttemptAt, next)
                    .SetProperty(d => d.DeliveredAt, delivered), token);
            if (moved == 1 && next is { } at)
                await Outbox.EnqueueAsync(db, [WebhookDeliveries.Attempt(delivery, sequence + 1, at, now)], token);
            return moved;
        }, CancellationToken.None);
    }
}
