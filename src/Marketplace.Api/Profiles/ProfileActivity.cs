namespace Marketplace.Api.Profiles;

/// <summary>
/// Keeps a profile's computed attributes current: sessions, counts, recency, frequency and monetary value,
/// affinities and journey stage, from the events as they arrive, and when two profiles turn out to be one person.
/// </summary>
public sealed class ProfileActivity(ProfilesOptions options)
{
    /// <summary>Applies newly stored events (any order) to the profile and its affinities.</summary>
    public void Apply(Profile profile, Affinities affinities, IEnumerable<TrackedEvent> events, DateTime now)
    {
        var newOrders = new HashSet<long>();
        foreach (var e in events.OrderBy(e => e.Timestamp))
        {
            if (profile.EventCount == 0 || e.Timestamp < profile.FirstSeenAt) profile.FirstSeenAt = e.Timestamp;
            if (profile.SessionCount == 0 || e.Timestamp - profile.LastSeenAt > options.SessionTimeout) profile.SessionCount++;
            if (e.Timestamp > profile.LastSeenAt) profile.LastSeenAt = e.Timestamp;
            profile.EventCount++;
            switch (e.Type)
            {
                case TrackedEventType.ProductView:
                    profile.ProductViewCount++;
                    break;
                case TrackedEventType.AddToCart or TrackedEventType.CheckoutStarted:
                    if (profile.LastCartActivityAt is null || e.Timestamp > profile.LastCartActivityAt) profile.LastCartActivityAt = e.Timestamp;
                    break;
                case TrackedEventType.Purchase:
                    if (e.OrderId is { } order) newOrders.Add(order);
                    profile.LifetimeValue += e.Value ?? 0;
                    if (profile.LastPurchaseAt is null || e.Timestamp > profile.LastPurchaseAt) profile.LastPurchaseAt = e.Timestamp;
                    break;
            }
            AddAffinities(affinities, e);
        }
        profile.PurchaseCount += newOrders.Count;
        affinities.DecayTo(now, options.AffinityHalfLife);
        profile.Affinities = affinities.ToJson();
        profile.JourneyStage = StageOf(profile, now);
    }

    /// <summary>Folds <paramref name="other"/> (the same person under another id) into <paramref name="profile"/>.</summary>
    public void Absorb(Profile profile, Affinities affinities, Profile other, DateTime now)
    {
        if (other.EventCount > 0)
        {
            if (profile.EventCount == 0 || other.FirstSeenAt < profile.FirstSeenAt) profile.FirstSeenAt = other.FirstSeenAt;
            if (other.LastSeenAt > profile.LastSeenAt) profile.LastSeenAt = other.LastSeenAt;
        }
        profile.SessionCount += other.SessionCount;
        profile.EventCount += other.EventCount;
        profile.ProductViewCount += other.ProductViewCount;
        profile.PurchaseCount += other.PurchaseCount;
        profile.LifetimeValue += other.LifetimeValue;
        profile.LastPurchaseAt = Later(profile.LastPurchaseAt, other.LastPurchaseAt);
        profile.LastCartActivityAt = Later(profile.LastCartActivityAt, other.LastCartActivityAt);
        profile.ConsentWithdrawnAt ??= other.ConsentWithdrawnAt;
        FillMissing(profile.Traits, other.Traits);
        affinities.Merge(Affinities.Parse(other.Affinities), options.AffinityHalfLife);
        affinities.DecayTo(now, options.AffinityHalfLife);
        profile.Affinities = affinities.ToJson();
        profile.JourneyStage = StageOf(profile, now);
    }

    /// <summary>
    /// Where the person is now. Buyers are first-time or repeat buyers until they lapse; others abandon a cart when
    /// it sits unbought, are engaged after several product views, sessions or a cart, browse after a first look.
    /// </summary>
    public JourneyStage StageOf(Profile profile, DateTime now)
    {
        if (profile.PurchaseCount > 0)
        {
            if (now - profile.LastPurchaseAt > TimeSpan.FromDays(options.LapsedAfterDays)) return JourneyStage.Lapsed;
            return profile.PurchaseCount == 1 ? JourneyStage.FirstTimeBuyer : JourneyStage.RepeatBuyer;
        }
        if (profile.LastCartActivityAt is { } carted)
            return now - carted >= options.CartAbandonedAfter ? JourneyStage.CartAbandoner : JourneyStage.Engaged;
        if (profile.ProductViewCount >= 5 || profile.SessionCount >= 3) return JourneyStage.Engaged;
        if (profile.ProductViewCount >= 1 || profile.EventCount >= 3) return JourneyStage.Browsing;
        return JourneyStage.NewVisitor;
    }

    private void AddAffinities(Affinities affinities, TrackedEvent e)
    {
        var weight = e.Type switch
        {
            TrackedEventType.ProductView or TrackedEventType.Click => 1.0,
            TrackedEventType.AddToCart => 3.0,
            TrackedEventType.Purchase => 5.0,
            _ => 0,
        };
        if (weight == 0 || e.ProductId is null) return;
        var halfLife = options.AffinityHalfLife;
        if (e.CategoryPath is { } path)
            affinities.Add(AffinityDimension.Category, path.Split('/', StringSplitOptions.RemoveEmptyEntries), weight, e.Timestamp, halfLife);
        Add(AffinityDimension.Brand, e.Brand);
        Add(AffinityDimension.Gender, e.Gender);
        Add(AffinityDimension.Color, e.Color);
        Add(AffinityDimension.Size, e.Size);
        Add(AffinityDimension.PriceBand, e.PriceBand);

        void Add(AffinityDimension dimension, string? key)
        {
            if (!string.IsNullOrWhiteSpace(key)) affinities.Add(dimension, [key], weight, e.Timestamp, halfLife);
        }
    }

    private static void FillMissing(ProfileTraits traits, ProfileTraits other)
    {
        traits.Email ??= other.Email;
        traits.Country ??= other.Country;
        traits.Language ??= other.Language;
        traits.Gender ??= other.Gender;
        traits.Age ??= other.Age;
        traits.Company ??= other.Company;
        traits.Industry ??= other.Industry;
        traits.Role ??= other.Role;
        traits.CustomerType ??= other.CustomerType;
    }

    private static DateTime? Later(DateTime? a, DateTime? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
