using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Segments.Rules;

namespace Marketplace.Api.Tests.Profiles.Segments;

public sealed class SegmentRuleTests
{
    private static readonly DateTime Now = new(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);

    private static SegmentRule Rule(string text)
    {
        var parsed = SegmentRule.Parse(text);
        Assert.True(parsed.Succeeded, string.Join("; ", parsed.Errors.Select(e => $"{e.Line}:{e.Column} {e.Message}")));
        return parsed.Rule!;
    }

    private static RuleError Error(string text) => Assert.Single(SegmentRule.Parse(text).Errors);

    private static ProfileFacts Facts(Action<Profile>? profile = null, Affinities? affinities = null, params EventFact[] events)
    {
        var p = new Profile { CreatedAt = Now, FirstSeenAt = Now.AddDays(-10), LastSeenAt = Now.AddHours(-1), EventCount = 5, SessionCount = 2 };
        profile?.Invoke(p);
        return new ProfileFacts { Profile = p, Affinities = affinities ?? new Affinities(), Events = events };
    }

    [Fact]
    public void The_issue_examples_parse_and_match_the_profiles_they_describe()
    {
        var demographic = Rule("""traits.country in ("DE","FR","ES") and traits.gender = "male" and traits.age between 45 and 55""");
        Assert.True(demographic.Matches(Facts(p => p.Traits = new ProfileTraits { Country = "FR", Gender = "Male", Age = 45 }), Now));
        Assert.False(demographic.Matches(Facts(p => p.Traits = new ProfileTraits { Country = "FR", Gender = "male", Age = 56 }), Now));
        Assert.False(demographic.Matches(Facts(p => p.Traits = new ProfileTraits { Country = "US", Gender = "male", Age = 50 }), Now));
        Assert.Null(demographic.EventWindow);

        var runners = Rule("""count(PURCHASE where category = "running" within 90d) >= 2""");
        var running = "/sports/running/";
        Assert.True(runners.Matches(Facts(events: [new(TrackedEventType.Purchase, Now.AddDays(-5), running), new(TrackedEventType.Purchase, Now.AddDays(-89), running)]), Now));
        Assert.False(runners.Matches(Facts(events: [new(TrackedEventType.Purchase, Now.AddDays(-5), running), new(TrackedEventType.Purchase, Now.AddDays(-91), running)]), Now));
        Assert.False(runners.Matches(Facts(events: [new(TrackedEventType.Purchase, Now.AddDays(-5), running), new(TrackedEventType.ProductView, Now.AddDays(-1), running)]), Now));
        Assert.Equal(TimeSpan.FromDays(90), runners.EventWindow);
        Assert.Equal([TrackedEventType.Purchase], runners.EventTypes);

        var outdoor = Rule("""affinity.category["outdoor"] > 0.5""");
        var affinities = new Affinities();
        affinities.Add(AffinityDimension.Category, ["outdoor", "tents"], 3, Now, TimeSpan.FromDays(30));
        affinities.Add(AffinityDimension.Category, ["apparel"], 1, Now, TimeSpan.FromDays(30));
        Assert.True(outdoor.Matches(Facts(affinities: affinities), Now));
        Assert.False(Rule("""affinity.category["apparel"] > 0.5""").Matches(Facts(affinities: affinities), Now));

        var abandoners = Rule("journeyStage = CART_ABANDONER");
        Assert.True(abandoners.Matches(Facts(p => p.JourneyStage = JourneyStage.CartAbandoner), Now));
        Assert.False(abandoners.Matches(Facts(p => p.JourneyStage = JourneyStage.Engaged), Now));
    }

    [Theory]
    [InlineData("sessionCount >= 2 or eventCount > 100 and sessionCount > 5", true)]   // and binds tighter than or
    [InlineData("(sessionCount >= 2 or eventCount > 100) and sessionCount > 5", false)]
    [InlineData("not sessionCount > 5", true)]
    [InlineData("traits.country not in (\"US\", \"CA\")", true)]                      // unset: not in holds
    [InlineData("traits.country = \"DE\"", false)]                                   // unset: = fails
    [InlineData("traits.country != \"DE\"", true)]
    [InlineData("traits.country is not set and traits.age is set", false)]
    [InlineData("traits.company contains \"ACME\"", false)]
    [InlineData("daysSinceLastSeen < 1 and daysSinceFirstSeen between 9.5 and 10.5", true)]
    [InlineData("daysSinceLastPurchase < 30", false)]                                // never bought: null
    [InlineData("JOURNEYSTAGE = new_visitor AND SESSIONCOUNT = 2", true)]            // keywords, fields, enums ignore case
    [InlineData("count(ANY within 1h) = 2", true)]
    [InlineData("count(PRODUCT_VIEW where brand = \"northfold\" and size in (\"M\", \"L\")) = 1", true)]
    [InlineData("sum(PURCHASE where query contains \"tee\" within 30d) > 20", true)]
    public void Operators_precedence_nulls_and_case(string rule, bool expected)
    {
        var facts = Facts(events:
        [
            new(TrackedEventType.ProductView, Now.AddMinutes(-10), "/apparel/tees/", Brand: "Northfold", Size: "M"),
            new(TrackedEventType.Purchase, Now.AddMinutes(-5), "/apparel/tees/", Value: 25m, Query: "Cotton Tee"),
            new(TrackedEventType.Purchase, Now.AddDays(-31), "/apparel/tees/", Value: 100m, Query: "tee"),
        ]);
        Assert.Equal(expected, Rule(rule).Matches(facts, Now));
    }

    [Fact]
    public void Type_errors_say_where_and_why()
    {
        var misspelt = Error("traits.contry = \"DE\"");
        Assert.Equal((0, 1, 1), (misspelt.Position, misspelt.Line, misspelt.Column));
        Assert.Contains("did you mean traits.country", misspelt.Message);

        var textOrder = Error("traits.country < \"DE\"");
        Assert.Equal(18, textOrder.Column);
        Assert.Contains("compares numbers; traits.country is text", textOrder.Message);

        Assert.Contains("traits.age is a number; \"x\" is not", Error("traits.age = \"x\"").Message);
        Assert.Contains("sessionCount is a number", Error("sessionCount in (\"a\")").Message);
        var stage = Error("journeyStage = SHOPPING");
        Assert.Equal(16, stage.Column);
        Assert.Contains("use one of NEW_VISITOR, BROWSING, ENGAGED, CART_ABANDONER, FIRST_TIME_BUYER, REPEAT_BUYER, LAPSED", stage.Message);
        Assert.Contains("Unknown event type 'PURCHASES'", Error("count(PURCHASES) > 1").Message);
        Assert.Contains("Unknown affinity 'colour'", Error("affinity.colour[\"red\"] > 0.2").Message);
        Assert.Contains("Unknown field 'traits.country'", Error("count(PURCHASE where traits.country = \"DE\") > 1").Message);
        Assert.Contains("write the value in double quotes", Error("traits.gender = male").Message);
        var multiline = Error("sessionCount > 1\n  and traits.age >= \"old\"");
        Assert.Equal((2, 21), (multiline.Line, multiline.Column));
    }

    [Fact]
    public void Syntax_errors_and_limits_say_where_and_why()
    {
        var unfinished = Error("sessionCount >");
        Assert.Equal(15, unfinished.Column);
        Assert.Contains("unexpected end of input", unfinished.Message, StringComparison.OrdinalIgnoreCase);

        var window = Error("count(PURCHASE within 90 days) > 1");
        Assert.Equal(23, window.Column);
        Assert.Contains("expected a duration such as 90d", window.Message);
        Assert.Contains("expected an operator", Error("sessionCount").Message);
        Assert.Contains("expected `)`", Error("(sessionCount > 1").Message);
        Assert.Contains("empty", Error("   ").Message);

        var deep = new string('(', 40) + "sessionCount > 1" + new string(')', 40);
        Assert.Contains("nest deeper than 32", Error(deep).Message);
        Assert.Contains("longer than", Error("sessionCount > 1 or " + string.Concat(Enumerable.Repeat("eventCount > 1 or ", 300)) + "eventCount > 2").Message);
        var many = string.Join(" or ", Enumerable.Range(0, 201).Select(i => $"eventCount={i}"));
        Assert.Contains("at most 200 conditions", Error(many).Message);
    }
}
