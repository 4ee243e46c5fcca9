namespace Marketplace.Api.Ordering;

public sealed record PaymentRequest(long AmountMinor, string Currency, string? CardNumber, string IdempotencyKey);

public enum PaymentOutcome { Approved, Declined, Unavailable }

/// <summary>An authorization's result: a reference to capture or void later, or why it failed.</summary>
public sealed record PaymentResult(PaymentOutcome Outcome, string? Reference, string? Message = null)
{
    public bool Approved => Outcome == PaymentOutcome.Approved;
}

/// <summary>
/// A way to pay. placeOrder authorizes the whole order; shipping a supplier order captures its part; rejecting or
/// cancelling voids (or, once captured, refunds) its part.
/// </summary>
public interface IPaymentProvider
{
    PaymentMethodKind Method { get; }

    /// <summary>The state a supplier order's part starts in once authorized.</summary>
    PaymentState Authorized { get; }

    Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken ct);

    Task<PaymentResult> CaptureAsync(string? reference, long amountMinor, CancellationToken ct);

    Task<PaymentResult> VoidAsync(string? reference, long amountMinor, CancellationToken ct);

    Task<PaymentResult> RefundAsync(string? reference, long amountMinor, CancellationToken ct);
}

/// <summary>Pay on delivery: nothing to authorize or capture; the seller collects.</summary>
public sealed class InvoicePaymentProvider : IPaymentProvider
{
    public PaymentMethodKind Method => PaymentMethodKind.Invoice;

    public PaymentState Authorized => PaymentState.DueOnDelivery;

    public Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken ct) =>
        Task.FromResult(new PaymentResult(PaymentOutcome.Approved, $"inv_{Guid.NewGuid():N}"));

    public Task<PaymentResult> CaptureAsync(string? reference, long amountMinor, CancellationToken ct) => Ok(reference);

    public Task<PaymentResult> VoidAsync(string? reference, long amountMinor, CancellationToken ct) => Ok(reference);

    public Task<PaymentResult> RefundAsync(string? reference, long amountMinor, CancellationToken ct) => Ok(reference);

    private static Task<PaymentResult> Ok(string? reference) => Task.FromResult(new PaymentResult(PaymentOutcome.Approved, reference));
}

/// <summary>
/// An embedded card processor for development and tests; no network. Card numbers (spaces ignored):
/// 4242 4242 4242 4242 approves; 4000 0000 0000 0002 is declined (PAYMENT_DECLINED);
/// 4000 0000 0000 0119 fails transiently, the processor being unreachable (PAYMENT_UNAVAILABLE: nothing was
/// written, the same request may be sent again). Any other number is declined.
/// </summary>
public sealed class TestCardPaymentProvider : IPaymentProvider
{
    public const string Approves = "4242424242424242";
    public const string Declines = "4000000000000002";
    public const string FailsTransiently = "4000000000000119";

    public PaymentMethodKind Method => PaymentMethodKind.TestCard;

    public PaymentState Authorized => PaymentState.Authorized;

    public Task<PaymentResult> AuthorizeAsync(PaymentRequest request, CancellationToken ct)
    {
        var number = new string((request.CardNumber ?? "").Where(char.IsDigit).ToArray());
        return Task.FromResult(number switch
        {
            Approves => new PaymentResult(PaymentOutcome.Approved, $"auth_{Guid.NewGuid():N}"),
            FailsTransiently => new PaymentResult(PaymentOutcome.Unavailable, null, "The card processor did not answer; try again."),
            _ => new PaymentResult(PaymentOutcome.Declined, null, "The card was declined."),
        });
    }

    public Task<PaymentResult> CaptureAsync(string? reference, long amountMinor, CancellationToken ct) => Ok(reference);

    public Task<PaymentResult> VoidAsync(string? reference, long amountMinor, CancellationToken ct) => Ok(reference);

    public Task<PaymentResult> RefundAsync(string? reference, long amountMinor, CancellationToken ct) => Ok(reference);

    private static Task<PaymentResult> Ok(string? reference) => Task.FromResult(new PaymentResult(PaymentOutcome.Approved, reference));
}

/// <summary>Picks the provider of a payment method.</summary>
public sealed class PaymentProviders(IEnumerable<IPaymentProvider> providers)
{
    public IPaymentProvider For(PaymentMethodKind method) => providers.First(p => p.Method == method);
}
