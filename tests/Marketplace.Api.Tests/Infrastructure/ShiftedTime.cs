namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>The system clock moved by a set amount, so a test can reach a lease's expiry without waiting for it.</summary>
public sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}
