namespace Marketplace.Api.Profiles.Segments.Rules;

internal enum ValueType { Text, Number, Enum }

/// <summary>What a field is and how to read it from its context (a profile, or one event of it).</summary>
internal sealed record RuleField<TContext>(
    string Name, ValueType Type, Func<TContext, string?>? Text = null, Func<TContext, double?>? Number = null,
    IReadOnlyList<string>? Values = null, bool IsPath = false);

/// <summary>A profile being evaluated, at a time.</summary>
internal sealed class ProfileContext(ProfileFacts facts, DateTime now)
{
    public ProfileFacts Facts { get; } = facts;
    public DateTime Now { get; } = now;
    public Profile Profile => Facts.Profile;
}

/// <summary>The fields rules may name: of the profile, and of an event inside count(...) / sum(...).</summary>
internal static class RuleFields
{
    public const int DefaultWindowDays = 365;

    public static readonly IReadOnlyList<string> JourneyStages = [.. Enum.GetValues<JourneyStage>().Select(s => Constant(s.ToString()))];
    public static readonly IReadOnlyList<string> CustomerTypes = ["B2B", "B2C"];
    public static readonly IReadOnlyList<string> EventTypes = [.. Enum.GetValues<TrackedEventType>().Select(t => Constant(t.ToString())), "ANY"];
    public static readonly IReadOnlyList<string> AffinityDimensions = ["category", "brand", "gender", "color", "size", "priceBand"];

    public static readonly IReadOnlyDictionary<string, RuleField<ProfileContext>> Profile = Index<ProfileContext>(
    [
        Text("traits.country", c => c.Profile.Traits.Country),
        Text("traits.language", c => c.Profile.Traits.Language),
        Text("traits.gender", c => c.Profile.Traits.Gender),
        Text("traits.ageBand", c => c.Profile.Traits.AgeBand),
        Text("traits.company", c => c.Profile.Traits.Company),
        Text("traits.industry", c => c.Profile.Traits.Industry),
        Text("traits.role", c => c.Profile.Traits.Role),
        Text("traits.email", c => c.Profile.Traits.Email),
        Number("traits.age", c => c.Profile.Traits.Age),
        new("traits.customerType", ValueType.Enum, Text: c => c.Profile.Traits.CustomerType?.ToString(), Values: CustomerTypes),
        new("journeyStage", ValueType.Enum, Text: c => Constant(c.Profile.JourneyStage.ToString()), Values: JourneyStages),
        Number("sessionCount", c => c.Profile.SessionCount),
        Number("eventCount", c => c.Profile.EventCount),
        Number("productViewCount", c => c.Profile.ProductViewCount),
        Number("purchaseCount", c => c.Profile.PurchaseCount),
        Number("frequency", c => c.Profile.PurchaseCount),
        Number("lifetimeValue", c => (double)c.Profile.LifetimeValue),
        Number("averageOrderValue", AverageOrderValue),
        Number("monetary", AverageOrderValue),
        Number("daysSinceLastPurchase", DaysSinceLastPurchase),
        Number("recency", DaysSinceLastPurchase),
        Number("daysSinceLastSeen", c => c.Profile.EventCount == 0 ? null : (c.Now - c.Profile.LastSeenAt).TotalDays),
        Number("daysSinceFirstSeen", c => c.Profile.EventCount == 0 ? null : (c.Now - c.Profile.FirstSeenAt).TotalDays),
    ]);

    public static readonly IReadOnlyDictionary<string, RuleField<EventFact>> Event = Index<EventFact>(
    [
        new("category", ValueType.Text, Text: e => e.CategoryPath, IsPath: true),
        Text<EventFact>("brand", e => e.Brand),
        Text<EventFact>("gender", e => e.Gender),
        Text<EventFact>("color", e => e.Color),
        Text<EventFact>("size", e => e.Size),
        Text<EventFact>("query", e => e.Query),
        Number<EventFact>("value", e => e.Value is { } v ? (double)v : null),
        Number<EventFact>("productId", e => e.ProductId),
    ]);

    public static AffinityDimension? Dimension(string name) =>
        AffinityDimensions.FirstOrDefault(d => d.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } found
            ? Enum.Parse<AffinityDimension>(found, ignoreCase: true)
            : null;

    public static string Constant(string name) => System.Text.RegularExpressions.Regex.Replace(name, "(?<=[a-z0-9])(?=[A-Z])", "_").ToUpperInvariant();

    private static double? AverageOrderValue(ProfileContext c) => c.Profile.PurchaseCount == 0 ? null : (double)c.Profile.LifetimeValue / c.Profile.PurchaseCount;

    private static double? DaysSinceLastPurchase(ProfileContext c) => c.Profile.LastPurchaseAt is { } at ? (c.Now - at).TotalDays : null;

    private static RuleField<ProfileContext> Text(string name, Func<ProfileContext, string?> read) => new(name, ValueType.Text, Text: read);

    private static RuleField<ProfileContext> Number(string name, Func<ProfileContext, double?> read) => new(name, ValueType.Number, Number: read);

    private static RuleField<T> Text<T>(string name, Func<T, string?> read) => new(name, ValueType.Text, Text: read);

    private static RuleField<T> Number<T>(string name, Func<T, double?> read) => new(name, ValueType.Number, Number: read);

    private static Dictionary<string, RuleField<T>> Index<T>(IEnumerable<RuleField<T>> fields) =>
        fields.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
}
