namespace Marketplace.Api.Profiles.Segments;

public sealed class SegmentEvaluator
{
    public Task EvaluateAsync(IReadOnlyCollection<Profile> profiles, DateTime now, CancellationToken ct) => Task.CompletedTask;
}
