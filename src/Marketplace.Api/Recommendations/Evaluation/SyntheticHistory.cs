namespace Marketplace.Api.Recommendations.Evaluation;

/// <summary>What a synthetic shopper wants, hidden from the engine: it sees only the events these preferences produce.</summary>
public sealed record ShopperPreferences(string Gender, IReadOnlyList<string> Categories, string? Brand, string? Size, string PriceBand);

/// <summary>A synthetic shopper, signed in as <see cref="CustomerId"/> on the device <see cref="VisitorId"/>.</summary>
public sealed record SyntheticShopper(int Number, string CustomerId, string VisitorId, ShopperPreferences Preferences);

public enum SyntheticAction { View, AddToCart, Purchase }

/// <summary>
/// One thing a shopper did. <see cref="Sequence"/> is its place in the whole history (and its event id); a session's
/// purchases are one order.
/// </summary>
public sealed record SyntheticEvent(int Sequence, int Shopper, int Session, SyntheticAction Action, long ProductId, long VariantId, long OfferId, DateTime At);

/// <summary>
/// A generated history, oldest first. Everything before <see cref="Cutoff"/> is training history; what shoppers cart
/// and buy from the cutoff on is what they are expected to be recommended.
/// </summary>
public sealed record SyntheticHistory(DateTime Start, DateTime Cutoff, DateTime End, IReadOnlyList<SyntheticShopper> Shoppers, IReadOnlyList<SyntheticEvent> Events)
{
    public IEnumerable<SyntheticEvent> Training => Events.TakeWhile(e => e.At < Cutoff);

    public IEnumerable<SyntheticEvent> HeldOut => Events.SkipWhile(e => e.At < Cutoff);
}
