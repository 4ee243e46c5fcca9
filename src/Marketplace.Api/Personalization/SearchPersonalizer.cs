using System.Globalization;
using Marketplace.Api.Catalog;
using Marketplace.Api.Personalization.Attribution;
using Marketplace.Api.Personalization.Merchandising;
using Marketplace.Api.Profiles;
using Marketplace.Api.Search;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Personalization;

/// <summary>What a search asks of personalization: on or off, and how strongly (0..100, scaling every boost).</summary>
public sealed record PersonalizationInput(bool Enabled = true, int Impact = 100)
{
    public static readonly PersonalizationInput Default = new();
}

/// <summary>The boosts a search runs with and the reason behind each (same index), plus the pinned products' rules.</summary>
public sealed record PersonalizedSearchPlan(SearchPersonalization Personalization, IReadOnlyList<PersonalizationReason> Reasons, IReadOnlyDictionary<long, PersonalizationReason> PinReasons)
{
    public SearchHitPersonalization Explain(SearchHit hit)
    {
        var reasons = hit.MatchedBoosts.Where(i => i < Reasons.Count).Select(i => Reasons[i]).ToList();
        if (hit.Pinned && PinReasons.TryGetValue(hit.ProductId, out var pin)) reasons.Insert(0, pin);
        var factor = SearchPersonalization.FactorOf(hit.MatchedBoosts.Where(i => i < Personalization.Boosts.Count).Select(i => Personalization.Boosts[i]));
        return new SearchHitPersonalization(Math.Round(factor - 1, 4), reasons);
    }
}

public sealed record SearchHitPersonalization(double Boost, IReadOnlyList<PersonalizationReason> Reasons);

/// <summary>
/// Turns the caller's profile and live intent into search boosts. Live intent beats history: the query's own words
/// (gender, color, size) weigh most, then the intent of the current session (its newest search with intent weighs
/// as much as the query; its views less), then decayed affinities, the persona's categories and the segments'
/// merchandising rules. A caller without a profile, or who withdrew consent, gets none.
/// </summary>
public sealed class SearchPersonalizer(
    CallerFeaturesProvider callers, QueryIntentVocabularyCache vocabularies, IActiveMerchandising merchandising, PersonalizationAudience audience,
    IOptions<CatalogOptions> catalog)
{
    public const double QueryGender = 3.0;
    public const double QueryColor = 1.0;
    public const double QuerySize = 0.5;
    public const double QueryCategory = 0.5;
    public const double SessionViewGender = 0.8;
    public const double SessionViewCategory = 0.5;
    public const double AffinityGender = 0.6;
    public const double AffinityCategory = 0.4;
    public const double AffinityBrand = 0.4;
    public const double AffinityColor = 0.3;
    public const double AffinityPriceBand = 0.3;
    public const double PersonaCategory = 0.3;
    public const double MerchandisingBoost = 2.0;
    public const double MerchandisingBury = 0.9;
    /// <summary>Each older search of the session counts half as much as the one after it; each older view 0.7.</summary>
    private const double SessionSearchDecay = 0.5;
    private const double SessionViewDecay = 0.7;
    private const int TopKeys = 5;

    /// <summary>
    /// The caller's plan, and the experiment group the response counts for: true personalized, false held out (plain
    /// results, stably per visitor), null outside the experiment (personalization off, or no profile it may use).
    /// </summary>
    public async Task<(PersonalizedSearchPlan? Plan, bool? Group)> PlanAsync(string? text, PersonalizationInput input, CancellationToken ct)
    {
        // Off for this response: the caller's profile is not even read.
        if (!input.Enabled || input.Impact <= 0) return (null, null);
        var caller = await callers.GetAsync(ct);
        var group = audience.GroupOf(enabled: true, caller);
        return group is true ? (await PlanForAsync(caller, text, input, ct), true) : (null, group);
    }

    /// <summary>The plan for a given caller's features (benchmarks and tools, which have no request).</summary>
    public async Task<PersonalizedSearchPlan?> PlanForAsync(CallerFeatures caller, string? text, PersonalizationInput input, CancellationToken ct)
    {
        if (!input.Enabled || input.Impact <= 0 || !caller.Personalizable) return null;
        var vocabulary = await vocabularies.GetAsync(ct);
        var rules = caller.SegmentIds.Count == 0 ? [] : await merchandising.ForSegmentsAsync(caller.SegmentIds, ct);
        return Plan(caller, QueryIntentParser.Parse(text, vocabulary), vocabulary, rules, input.Impact / 100.0);
    }

    private PersonalizedSearchPlan Plan(
        CallerFeatures caller, QueryIntent query, QueryIntentVocabulary vocabulary, IReadOnlyList<ActiveMerchandisingRule> rules, double scale)
    {
        var boosts = new List<SearchBoost>();
        var reasons = new List<PersonalizationReason>();
        void Add(SearchBoost boost, ReasonKind kind, string key)
        {
            var weight = Math.Round(boost.Weight * scale, 4);
            if (weight == 0) return;
            boosts.Add(boost with { Weight = weight });
            reasons.Add(new PersonalizationReason(kind, key, weight));
        }
        void Intent(ReasonKind kind, QueryIntent intent, double factor)
        {
            foreach (var gender in intent.ValuesOf(IntentKind.Gender))
                Add(Attribute("gender", gender, QueryGender * factor), kind, $"gender:{gender}");
            foreach (var color in intent.ValuesOf(IntentKind.Color))
                Add(Attribute("color", color, QueryColor * factor), kind, $"color:{color}");
            foreach (var size in intent.ValuesOf(IntentKind.Size))
                Add(Attribute("size", size, QuerySize * factor), kind, $"size:{size}");
        }

        Intent(ReasonKind.QueryIntent, query, 1);
        // A category the words name ("shorts") ranks that category's products above ones that only mention the word.
        foreach (var category in query.ValuesOf(IntentKind.Category))
            Add(new SearchBoost(BoostTarget.Category, category, QueryCategory), ReasonKind.QueryIntent, $"category:{category}");

        var searchFactor = 1.0;
        foreach (var search in caller.Session.Where(e => e.Type == TrackedEventType.Search && !string.IsNullOrWhiteSpace(e.Query)))
        {
            var intent = QueryIntentParser.Parse(search.Query, vocabulary);
            if (intent.Signals.All(s => s.Kind == IntentKind.Category)) continue;
            Intent(ReasonKind.SessionIntent, intent, searchFactor);
            searchFactor *= SessionSearchDecay;
            if (searchFactor < 0.1) break;
        }
        var views = caller.Session.Where(e => e.ProductId is not null && e.Type is TrackedEventType.ProductView or TrackedEventType.AddToCart).ToList();
        foreach (var (gender, share) in Shares(views, e => e.Gender))
            Add(Attribute("gender", gender, SessionViewGender * share), ReasonKind.SessionIntent, $"gender:{gender}");
        foreach (var (category, share) in Shares(views, e => LeafCategory(e.CategoryPath)))
            Add(new SearchBoost(BoostTarget.Category, category, SessionViewCategory * share), ReasonKind.SessionIntent, $"category:{category}");

        var affinities = caller.Affinities;
        foreach (var (gender, score) in affinities.Top(AffinityDimension.Gender, TopKeys))
            Add(Attribute("gender", gender, AffinityGender * score), ReasonKind.Affinity, $"gender:{gender}");
        foreach (var (category, score) in affinities.Top(AffinityDimension.Category, TopKeys))
            Add(new SearchBoost(BoostTarget.Category, category, AffinityCategory * score), ReasonKind.Affinity, $"category:{category}");
        foreach (var (brand, score) in affinities.Top(AffinityDimension.Brand, TopKeys))
            Add(new SearchBoost(BoostTarget.Brand, brand, AffinityBrand * score), ReasonKind.Affinity, $"brand:{brand}");
        foreach (var (color, score) in affinities.Top(AffinityDimension.Color, 3))
            Add(Attribute("color", color, AffinityColor * score), ReasonKind.Affinity, $"color:{color}");
        foreach (var (band, score) in affinities.Top(AffinityDimension.PriceBand, 2))
            if (PriceBand(band) is { } range) Add(range with { Weight = AffinityPriceBand * score }, ReasonKind.Affinity, $"price:{band}");

        if (caller.Persona is { } persona)
            foreach (var slug in persona.PreferredCategories.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                Add(new SearchBoost(BoostTarget.Category, slug, PersonaCategory), ReasonKind.Segment, $"persona:{persona.Name}/category:{slug}");

        var pinned = new List<long>();
        var pinReasons = new Dictionary<long, PersonalizationReason>();
        foreach (var rule in rules)
        {
            var key = $"rule:{rule.Id}";
            switch (rule.Action)
            {
                case MerchandisingAction.Pin when rule.Target == MerchandisingTarget.Product && long.TryParse(rule.Value, out var productId):
                    if (pinReasons.TryAdd(productId, new PersonalizationReason(ReasonKind.Merchandising, key, 1))) pinned.Add(productId);
                    break;
                case MerchandisingAction.Boost:
                    Add(RuleBoost(rule, MerchandisingBoost * rule.Weight / 100), ReasonKind.Merchandising, key);
                    break;
                case MerchandisingAction.Bury:
                    Add(RuleBoost(rule, -MerchandisingBury * rule.Weight / 100), ReasonKind.Merchandising, key);
                    break;
            }
        }
        return new PersonalizedSearchPlan(new SearchPersonalization(boosts, pinned), reasons, pinReasons);
    }

    private static SearchBoost Attribute(string name, string value, double weight) =>
        new(BoostTarget.Attribute, value, weight) { AttributeName = name };

    private static SearchBoost RuleBoost(ActiveMerchandisingRule rule, double weight) => rule.Target switch
    {
        MerchandisingTarget.Category => new SearchBoost(BoostTarget.Category, rule.Value, weight),
        MerchandisingTarget.Brand => new SearchBoost(BoostTarget.Brand, rule.Value, weight),
        MerchandisingTarget.Seller => new SearchBoost(BoostTarget.Seller, rule.Value, weight),
        MerchandisingTarget.Attribute => Attribute(rule.AttributeName ?? "", rule.Value, weight),
        _ => new SearchBoost(BoostTarget.Product, rule.Value, weight),
    };

    /// <summary>Each value's share of the events, newer events weighing more.</summary>
    private static IEnumerable<(string Value, double Share)> Shares(IReadOnlyList<RecentEvent> newestFirst, Func<RecentEvent, string?> value)
    {
        var weights = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        double total = 0, weight = 1;
        foreach (var e in newestFirst)
        {
            if (value(e) is { Length: > 0 } key)
            {
                weights[key] = weights.GetValueOrDefault(key) + weight;
                total += weight;
            }
            weight *= SessionViewDecay;
        }
        return total == 0 ? [] : weights.Select(w => (w.Key, w.Value / total));
    }

    private static string? LeafCategory(string? path) =>
        path?.Split('/', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } slugs ? slugs[^1] : null;

    /// <summary>An affinity price band ("25-50", "under-25", "500-plus") as a price boost in minor units.</summary>
    private SearchBoost? PriceBand(string band)
    {
        var currency = catalog.Value.Currency;
        long Minor(string major) => Money.ToMinorCeiling(decimal.Parse(major, CultureInfo.InvariantCulture), currency);
        var parts = band.Split('-');
        if (band.StartsWith("under-", StringComparison.Ordinal)) return new SearchBoost(BoostTarget.Price, band, 0) { MaxPriceMinor = Minor(parts[1]) };
        if (band.EndsWith("-plus", StringComparison.Ordinal)) return new SearchBoost(BoostTarget.Price, band, 0) { MinPriceMinor = Minor(parts[0]) };
        return parts.Length == 2 && decimal.TryParse(parts[0], CultureInfo.InvariantCulture, out _) && decimal.TryParse(parts[1], CultureInfo.InvariantCulture, out _)
            ? new SearchBoost(BoostTarget.Price, band, 0) { MinPriceMinor = Minor(parts[0]), MaxPriceMinor = Minor(parts[1]) }
            : null;
    }
}
