using GraphQL;
namespace Marketplace.Api.Profiles.Segments.Rules;

/// <summary>A value a rule can test, read from a <typeparamref name="T"/> (a profile's facts, or one event inside <c>where</c>).</summary>
internal abstract record RuleField<T>(string Name)
{
    public abstract string TypeName { get; }
}

internal sealed record StringField<T>(string Name, Func<T, string?> Get, Func<string, string, bool> Matches) : RuleField<T>(Name)
{
    public override string TypeName => "a string";
}

internal sealed record NumberField<T>(string Name, Func<T, DateTime, decimal?> Get) : RuleField<T>(Name)
{
    public override string TypeName => "a number";
}

internal sealed record EnumField<T>(string Name, Func<T, int?> Get, IReadOnlyList<string> Values) : RuleField<T>(Name)
{
    public override string TypeName => $"one of {string.Join(", ", Values)}";
}

internal static class RuleFields
{
    public static readonly TimeSpan EventRetention = TimeSpan.FromDays(365);

    public static readonly IReadOnlyList<string> JourneyStages = Enum.GetValues<JourneyStage>().Select(s => s.ToString().ToConstantCase()).ToArray();
    public static readonly IReadOnlyList<string> CustomerTypes = Enum.GetNames<CustomerType>();
    public static readonly IReadOnlyList<string> EventTypes = Enum.GetValues<TrackedEventType>().Select(s => s.ToString().ToConstantCase()).ToArray();

    public static readonly IReadOnlyDictionary<string, AffinityDimension> AffinityDimensions =
        new Dictionary<string, AffinityDimension>(StringComparer.OrdinalIgnoreCase)
        {
            ["affinity.category"] = AffinityDimension.Category,
            ["affinity.brand"] = AffinityDimension.Brand,
            ["affinity.gender"] = AffinityDimension.Gender,
            ["affinity.color"] = AffinityDimension.Color,
            ["affinity.size"] = AffinityDimension.Size,
            ["affinity.priceBand"] = AffinityDimension.PriceBand,
        };

    public static readonly IReadOnlyDictionary<string, RuleField<ProfileFacts>> Profile = Index<ProfileFacts>(
    [
        Text("traits.country", f => f.Profile.Traits.Country),
        Text("traits.language", f => f.Profile.Traits.Language),
        Text("traits.gender", f => f.Profile.Traits.Gender),
        Text("traits.ageBand", f => f.Profile.Traits.AgeBand),
        Text("traits.company", f => f.Profile.Traits.Company),
        Text("traits.industry", f => f.Profile.Traits.Industry),
        Text("traits.role", f => f.Profile.Traits.Role),
        Text("traits.email", f => f.Profile.Traits.Email),
        new NumberField<ProfileFacts>("traits.age", (f, _) => f.Profile.Traits.Age),
        new EnumField<ProfileFacts>("traits.customerType", f => (int?)f.Profile.Traits.CustomerType, CustomerTypes),
        new EnumField<ProfileFacts>("journeyStage", f => (int)f.Profile.JourneyStage, JourneyStages),
        new NumberField<ProfileFacts>("sessionCount", (f, _) => f.Profile.SessionCount),
        new NumberField<ProfileFacts>("eventCount", (f, _) => f.Profile.EventCount),
        new NumberField<ProfileFacts>("productViewCount", (f, _) => f.Profile.ProductViewCount),
        new NumberField<ProfileFacts>("purchaseCount", (f, _) => f.Profile.PurchaseCount),
        new NumberField<ProfileFacts>("frequency", (f, _) => f.Profile.PurchaseCount),
        new NumberField<ProfileFacts>("lifetimeValue", (f, _) => f.Profile.LifetimeValue),
        new NumberField<ProfileFacts>("averageOrderValue", (f, _) => AverageOrderValue(f.Profile)),
        new NumberField<ProfileFacts>("monetary", (f, _) => AverageOrderValue(f.Profile)),
        new NumberField<ProfileFacts>("daysSinceLastPurchase", (f, now) => DaysSince(f.Profile.LastPurchaseAt, now)),
        new NumberField<ProfileFacts>("recency", (f, now) => DaysSince(f.Profile.LastPurchaseAt, now)),
        new NumberField<ProfileFacts>("daysSinceLastSeen", (f, now) => DaysSince(f.Profile.LastSeenAt, now)),
        new NumberField<ProfileFacts>("daysSinceFirstSeen", (f, now) => DaysSince(f.Profile.FirstSeenAt, now)),
    ]);

    public static readonly IReadOnlyDictionary<string, RuleField<EventFact>> Event = Index<EventFact>(
    [
        new StringField<EventFact>("category", e => e.CategoryPath, HasCategory),
        new StringField<EventFact>("brand", e => e.Brand, EqualIgnoringCase),
        new StringField<EventFact>("gender", e => e.Gender, EqualIgnoringCase),
        new StringField<EventFact>("color", e => e.Color, EqualIgnoringCase),
        new StringField<EventFact>("size", e => e.Size, EqualIgnoringCase),
        new StringField<EventFact>("query", e => e.Query, EqualIgnoringCase),
        new NumberField<EventFact>("value", (e, _) => e.Value),
        new NumberField<EventFact>("productId", (e, _) => e.ProductId),
    ]);

    /// <summary>Every name a rule may use outside <c>where</c>, for "did you mean" hints.</summary>
    public static readonly IReadOnlyList<string> ProfileNames = [.. Profile.Keys, .. AffinityDimensions.Keys];


    private static StringField<ProfileFacts> Text(string name, Func<ProfileFacts, string?> get) => new(name, get, EqualIgnoringCase);

    private static IReadOnlyDictionary<string, RuleField<T>> Index<T>(RuleField<T>[] fields) =>
        fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    private static decimal? AverageOrderValue(Profile profile) =>
        profile.PurchaseCount > 0 ? profile.LifetimeValue / profile.PurchaseCount : null;

    private static decimal? DaysSince(DateTime? at, DateTime now) => at is { } time ? (decimal)(now - time).TotalDays : null;

    private static bool EqualIgnoringCase(string value, string literal) => value.Equals(literal, StringComparison.OrdinalIgnoreCase);

    /// <summary>"/apparel/running/" has the categories "apparel" and "running".</summary>
    private static bool HasCategory(string path, string slug)
    {
        if (slug.Length == 0) return false;
        foreach (var range in path.AsSpan().Split('/'))
            if (path.AsSpan()[range].Equals(slug, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
