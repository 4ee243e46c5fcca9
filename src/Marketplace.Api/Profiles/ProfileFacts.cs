namespace Marketplace.Api.Profiles;

/// <summary>An event as segment rules see it: its type, time, product facts and value.</summary>
public sealed record EventFact(
    TrackedEventType Type,
    DateTime Timestamp,
    string? CategoryPath = null,
    string? Brand = null,
    string? Gender = null,
    string? Color = null,
    string? Size = null,
    decimal? Value = null,
    long? ProductId = null,
    string? Query = null);

/// <summary>
/// Everything a segment rule may ask of one profile: its stored attributes, its affinities and the events of the
/// windows the rules use (the caller loads those the rules ask for: <c>SegmentRule.EventWindow</c>).
/// </summary>
public sealed class ProfileFacts
{
    public required Profile Profile { get; init; }
    public required Affinities Affinities { get; init; }
    public IReadOnlyList<EventFact> Events { get; init; } = [];

    /// <summary>A stored profile with its events from a batch's lookup.</summary>
    public static ProfileFacts Of(Profile profile, ILookup<long, EventFact> events) =>
        new() { Profile = profile, Affinities = Affinities.Parse(profile.Affinities), Events = [.. events[profile.Id]] };
}
