using System.Diagnostics;
using System.Net;
using System.Text;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Makes one attempt per attempt row: POSTs the delivery's body, signed, to the seller's endpoint, and records the
/// outcome with the next attempt (exponential backoff for up to Webhooks:MaxRetryHours) in one transaction.
/// An endpoint answering 410 Gone, or failing Webhooks:DisableAfterConsecutiveFailures times in a row, is disabled.
/// Delivery is at least once: a process that dies between the POST and the record sends again, under the same webhook-id.
/// </summary>
public sealed class WebhookSender(
    IServiceScopeFactory scopes, IHttpClientFactory http, WebhookSecrets secrets, TimeProvider time,
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

        var endpoint = await db.Sellers.AsNoTracking().Where(s => s.Id == delivery.SellerId)
            .Select(s => new { s.Settings.WebhookUrl, s.Settings.WebhookSecret, s.WebhookDisabledAt })
            .FirstOrDefaultAsync(ct);
        if (endpoint?.WebhookDisabledAt is not null)
        {
            await RecordAsync(db, delivery, new Outcome(false, null, "The webhook endpoint is disabled."), WebhookDeliveryStatus.Disabled, null, ct);
            return;
        }
        if (endpoint?.WebhookUrl is null || endpoint.WebhookSecret is null)
        {
            var missing = endpoint?.WebhookUrl is null ? "No webhook URL is set." : "No webhook secret is set; set one and redeliver.";
            await RecordAsync(db, delivery, new Outcome(false, null, missing), WebhookDeliveryStatus.Failed, null, ct);
            return;
        }

        var outcome = await SendAsync(delivery, endpoint.WebhookUrl, secrets.Unprotect(endpoint.WebhookSecret), ct);
        var disabled = await UpdateHealthAsync(db, delivery.SellerId, outcome, ct);
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
            logger.LogInformation("Webhook {WebhookId} ({Type}) to seller {SellerId}: HTTP {Status} in {Elapsed} ms.",
                delivery.WebhookId, delivery.EventType, delivery.SellerId, code, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return new Outcome(true, code, response.IsSuccessStatusCode ? null : $"The endpoint answered {code} {response.ReasonPhrase}.");
        }
        catch (HttpRequestException e)
        {
            logger.LogInformation("Webhook {WebhookId} to seller {SellerId} failed: {Error}", delivery.WebhookId, delivery.SellerId, e.Message);
            return new Outcome(true, null, e.Message);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogInformation("Webhook {WebhookId} to seller {SellerId} timed out.", delivery.WebhookId, delivery.SellerId);
            return new Outcome(true, null, $"No response within {options.Value.TimeoutSeconds} s.");
        }
    }

    /// <summary>Counts the seller's failures in a row, resets them on success, and disables the endpoint when it must; true if it is disabled now.</summary>
    private async Task<bool> UpdateHealthAsync(MarketplaceDb db, long sellerId, Outcome outcome, CancellationToken ct)
    {
        var sellers = db.Sellers.Where(s => s.Id == sellerId);
        if (outcome.Succeeded)
        {
            await sellers.Where(s => s.WebhookConsecutiveFailures != 0).ExecuteUpdateAsync(set => set.SetProperty(s => s.WebhookConsecutiveFailures, 0), ct);
            return false;
        }
        await sellers.ExecuteUpdateAsync(set => set.SetProperty(s => s.WebhookConsecutiveFailures, s => s.WebhookConsecutiveFailures + 1), ct);
        var failures = await sellers.Select(s => s.WebhookConsecutiveFailures).FirstOrDefaultAsync(ct);
        var limit = options.Value.DisableAfterConsecutiveFailures;
        string? reason = outcome.StatusCode == (int)HttpStatusCode.Gone ? "The endpoint answered 410 Gone."
            : failures >= limit ? $"{failures} deliveries in a row failed; the last: {outcome.Error}"
            : null;
        if (reason is null) return false;
        reason = Limits.Clip(reason, Limits.WebhookError);
        var now = time.GetUtcNow().UtcDateTime;
        var disabled = await sellers.Where(s => s.WebhookDisabledAt == null).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.WebhookDisabledAt, now)
            .SetProperty(s => s.WebhookDisabledReason, reason), ct);
        if (disabled > 0) logger.LogWarning("Webhook endpoint of seller {SellerId} disabled: {Reason} It is enabled again when the seller updates its webhook URL.", sellerId, reason);
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
