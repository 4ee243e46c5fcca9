namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>
/// The throwaway host's clock during an evaluation: it stands at the synthetic history's moment being replayed, so
/// ingestion, checkout and the outbox see each event as recent, and purchases carry their synthetic time.
/// </summary>
public sealed class EvaluationClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    /// <summary>Moves the clock; never back, as a real clock would not.</summary>
    public void MoveTo(DateTime utc)
    {
        if (utc.Ticks < Interlocked.Read(ref ticks)) throw new InvalidOperationException($"The evaluation clock cannot go back to {utc:O}.");
        Interlocked.Exchange(ref ticks, utc.Ticks);
    }
}
