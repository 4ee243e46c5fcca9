using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Personas;

namespace Marketplace.Api.Personalization;

/// <summary>Why a product ranks where it does for this caller; shared by search hits and recommendations.</summary>
public enum ReasonKind
{
    Affinity,
    Segment,
    SessionIntent,
    QueryIntent,
    Popularity,
    Merchandising,
    BoughtTogether,
    ViewedTogether,
    Similarity,
    RecentlyViewed,
}

/// <summary>One contribution to a product's personal rank: what (<see cref="Key"/>, e.g. "gender:women") and how much.</summary>
public sealed record PersonalizationReason(ReasonKind Kind, string Key, double Weight);

/// <summary>One of the caller's recent events, with the product facts copied in when it arrived.</summary>
public sealed record RecentEvent(
    TrackedEventType Type, DateTime At, long? ProductId, long? VariantId, string? CategoryPath, string? Brand, string? Gender,
    string? Color, string? Size, string? Query);

/// <summary>
/// The caller's unified profile as personalization reads it: affinities, segments, persona, and the recent events
/// (newest first) from which session intent, recently viewed items, purchases and usual sizes are read.
/// <see cref="Personalizable"/> is false for a caller without a profile and for one who withdrew tracking consent;
/// such a caller gets un-personalized results.
/// </summary>
public sealed record CallerFeatures(
    long? ProfileId,
    bool Personalizable,
    Affinities Affinities,
    IReadOnlyList<long> SegmentIds,
    Persona? Persona,
    IReadOnlyList<RecentEvent> Recent,
    DateTime? SessionStartedAt)
{
    public static readonly CallerFeatures Anonymous = new(null, false, new Affinities(), [], null, [], null);

    /// <summary>The events of the current session (no gap longer than the session timeout), newest first.</summary>
    public IEnumerable<RecentEvent> Session => SessionStartedAt is { } start ? Recent.TakeWhile(e => e.At >= start) : [];

    public IReadOnlySet<long> PurchasedProductIds { get; } =
        Recent.Where(e => e.Type == TrackedEventType.Purchase && e.ProductId is not null).Select(e => e.ProductId!.Value).ToHashSet();

    /// <summary>Viewed products, most recent first, each once.</summary>
    public IReadOnlyList<long> RecentlyViewedProductIds { get; } =
        [.. Recent.Where(e => e.Type == TrackedEventType.ProductView && e.ProductId is not null).Select(e => e.ProductId!.Value).Distinct()];
}
