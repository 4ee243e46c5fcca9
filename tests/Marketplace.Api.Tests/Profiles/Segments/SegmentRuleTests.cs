using Marketplace.Api.Profiles;
using Marketplace.Api.Profiles.Segments.Rules;

namespace Marketplace.Api.Tests.Profiles.Segments;

public sealed class SegmentRuleTests
{
    private static readonly DateTime Now = new(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static ProfileFacts Facts(Action<Profile>? profile = null, Affinities? affinities = null, params EventFact[] events)
    {
        var p = new Profile { FirstSeenAt = Now.AddDays(-30), LastSeenAt = Now.AddDays(-1) };
        profile?.Invoke(p);
        return new ProfileFacts { Profile = p, Affinities = affinities ?? new Affinities(), Events = events };
    }

    private static SegmentRule Rule(string text)
    {
        var parse = SegmentRule.Parse(text);
        Assert.True(parse.Succeeded, string.Join("; ", parse.Errors));
        Assert.Empty(parse.Errors);
        return parse.Rule!;
    }

    private static bool Matches(string text, ProfileFacts facts) => Rule(text).Matches(facts, Now);

    private static RuleError SingleError(string text)
    {
        var parse = SegmentRule.Parse(text);
        Assert.False(parse.Succeeded);
        Assert.Null(parse.Rule);
        return Assert.Single(parse.Errors);
    }

    private static EventFact Purchase(int daysAgo, string? category = null, decimal? value = null) =>
        new(TrackedEventType.Purchase, Now.AddDays(-daysAgo), CategoryPath: category, Value: value);

    [Fact]
    public void Country_gender_and_age_band_rule_matches_only_a_profile_with_all_three()
    {
        const string text = """traits.country in ("DE","FR","ES") and traits.gender = "male" and traits.age between 45 and 55""";
        var rule = Rule(text);
        Assert.Equal(text, rule.Text);
        Assert.True(rule.Matches(Facts(p => p.Traits = new() { Country = "FR", Gender = "male", Age = 45 }), Now));
        Assert.True(rule.Matches(Facts(p => p.Traits = new() { Country = "es", Gender = "Male", Age = 55 }), Now));
        Assert.False(rule.Matches(Facts(p => p.Traits = new() { Country = "IT", Gender = "male", Age = 50 }), Now));
        Assert.False(rule.Matches(Facts(p => p.Traits = new() { Country = "DE", Gender = "female", Age = 50 }), Now));
        Assert.False(rule.Matches(Facts(p => p.Traits = new() { Country = "DE", Gender = "male", Age = 56 }), Now));
        Assert.False(rule.Matches(Facts(p => p.Traits = new() { Country = "DE", Gender = "male" }), Now));
        Assert.Null(rule.EventWindow);
        Assert.Empty(rule.EventTypes);
    }

    [Fact]
    public void Count_of_running_purchases_within_90_days_ignores_older_and_other_purchases()
    {
        var rule = Rule("""count(PURCHASE where category = "running" within 90d) >= 2""");
        Assert.Equal(TimeSpan.FromDays(90), rule.EventWindow);
        Assert.Equal([TrackedEventType.Purchase], rule.EventTypes);

        var twoRecent = Facts(events: [Purchase(10, "/apparel/running/"), Purchase(89, "/footwear/running/shoes/")]);
        Assert.True(rule.Matches(twoRecent, Now));

        var oneTooOld = Facts(events: [Purchase(10, "/apparel/running/"), Purchase(91, "/apparel/running/")]);
        Assert.False(rule.Matches(oneTooOld, Now));

        var otherCategory = Facts(events: [Purchase(10, "/apparel/running/"), Purchase(11, "/apparel/hiking/"), Purchase(12, "/apparel/runningish/")]);
        Assert.False(rule.Matches(otherCategory, Now));

        var views = Facts(events:
        [
            Purchase(5, "/apparel/running/"),
            new EventFact(TrackedEventType.ProductView, Now.AddDays(-3), CategoryPath: "/apparel/running/"),
        ]);
        Assert.False(rule.Matches(views, Now));
    }

    [Fact]
    public void Category_matches_any_segment_of_the_path_ignoring_case()
    {
        var facts = Facts(events: [Purchase(1, "/Apparel/Running/")]);
        Assert.True(Matches("""count(PURCHASE where category = "apparel") = 1""", facts));
        Assert.True(Matches("""count(PURCHASE where category = "RUNNING") = 1""", facts));
        Assert.True(Matches("""count(PURCHASE where category in ("shoes", "running")) = 1""", facts));
        Assert.False(Matches("""count(PURCHASE where category = "run") = 1""", facts));
        Assert.True(Matches("""count(PURCHASE where category contains "run") = 1""", facts));
        Assert.False(Matches("""count(PURCHASE where category = "") = 1""", facts));
    }

    [Fact]
    public void Affinity_score_compares_as_a_number()
    {
        var affinities = new Affinities();
        affinities.Add(AffinityDimension.Category, ["outdoor"], 3, Now, TimeSpan.FromDays(30));
        affinities.Add(AffinityDimension.Category, ["kitchen"], 1, Now, TimeSpan.FromDays(30));
        var facts = Facts(affinities: affinities);

        Assert.True(Matches("""affinity.category["outdoor"] > 0.5""", facts));
        Assert.True(Matches("""affinity.category["OUTDOOR"] = 0.75""", facts));
        Assert.False(Matches("""affinity.category["kitchen"] > 0.5""", facts));
        Assert.False(Matches("""affinity.category["garden"] > 0""", facts));
        Assert.False(Matches("""affinity.brand["outdoor"] > 0""", facts));
    }

    [Fact]
    public void Journey_stage_compares_with_a_bare_screaming_snake_value()
    {
        var abandoner = Facts(p => p.JourneyStage = JourneyStage.CartAbandoner);
        Assert.True(Matches("journeyStage = CART_ABANDONER", abandoner));
        Assert.True(Matches("""journeyStage = "cart_abandoner" """, abandoner));
        Assert.False(Matches("journeyStage = REPEAT_BUYER", abandoner));
        Assert.True(Matches("journeyStage not in (NEW_VISITOR, LAPSED)", abandoner));
        Assert.True(Matches("journeyStage != FIRST_TIME_BUYER", abandoner));
    }

    [Fact]
    public void Customer_type_is_null_until_known()
    {
        var b2b = Facts(p => p.Traits.CustomerType = CustomerType.B2B);
        var unknown = Facts();
        Assert.True(Matches("""traits.customerType = "B2B" """, b2b));
        Assert.True(Matches("traits.customerType = b2b", b2b));
        Assert.False(Matches("traits.customerType = B2C", b2b));
        Assert.False(Matches("traits.customerType = B2B", unknown));
        Assert.True(Matches("traits.customerType != B2B", unknown));
        Assert.True(Matches("traits.customerType is not set", unknown));
        Assert.True(Matches("traits.customerType is set", b2b));
    }

    [Theory]
    [InlineData("sessionCount = 1 or sessionCount = 2 and purchaseCount = 5", true)] // or binds loosest
    [InlineData("(sessionCount = 1 or sessionCount = 2) and purchaseCount = 5", false)]
    [InlineData("not sessionCount = 1 and purchaseCount = 5", false)] // not binds tightest
    [InlineData("not (sessionCount = 2 and purchaseCount = 5)", true)]
    [InlineData("not not sessionCount = 1", true)]
    [InlineData("sessionCount = 2 or sessionCount = 3 or sessionCount = 1", true)]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or(string text, bool expected) =>
        Assert.Equal(expected, Matches(text, Facts(p => p.SessionCount = 1)));

    [Theory]
    [InlineData("""TRAITS.COUNTRY = "de" AND NOT traits.country IN ("fr") Or sessionCount > 100""", true)]
    [InlineData("""traits.country = "De" and traits.email contains "EXAMPLE.com" """, true)]
    [InlineData("""traits.country <> "DE" """, false)]
    [InlineData("""traits.country not in ("de", "at")""", false)]
    [InlineData("""traits.role contains "x" """, false)]
    [InlineData("""traits.role != "buyer" """, true)]
    [InlineData("""traits.role not in ("buyer")""", true)]
    [InlineData("""traits.role in ("buyer")""", false)]
    [InlineData("""traits.role = "buyer" """, false)]
    [InlineData("traits.role is not set and traits.country is set", true)]
    [InlineData("traits.role IS SET", false)]
    [InlineData("traits.ageBand = \"35-44\"", true)]
    [InlineData("traits.company = \"Acme \\\"Tools\\\" \\\\ Co\"", true)]
    public void Strings_compare_ignoring_case_and_null_fails_all_but_inequality(string text, bool expected)
    {
        var facts = Facts(p => p.Traits = new() { Country = "DE", Email = "Ann@Example.COM", Age = 40, Company = "acme \"tools\" \\ co" });
        Assert.Equal(expected, Matches(text, facts));
    }

    [Theory]
    [InlineData("daysSinceLastPurchase > 0", false)]
    [InlineData("recency <= 1000", false)]
    [InlineData("recency != 3", true)]
    [InlineData("recency not in (1, 2)", true)]
    [InlineData("recency is not set", true)]
    [InlineData("averageOrderValue >= 0", false)]
    [InlineData("monetary is set", false)]
    [InlineData("traits.age < 200", false)]
    [InlineData("traits.age between 0 and 200", false)]
    [InlineData("lifetimeValue = 0 and frequency = 0", true)]
    [InlineData("daysSinceFirstSeen between 29.9 and 30.1 and daysSinceLastSeen < 1.5", true)]
    public void Never_purchased_profile_has_no_recency_or_average_order_value(string text, bool expected) =>
        Assert.Equal(expected, Matches(text, Facts()));

    [Fact]
    public void Purchase_figures_come_from_the_profile()
    {
        var buyer = Facts(p =>
        {
            p.PurchaseCount = 4;
            p.LifetimeValue = 250m;
            p.LastPurchaseAt = Now.AddHours(-36);
            p.SessionCount = 7;
            p.EventCount = 90;
            p.ProductViewCount = 40;
        });
        Assert.True(Matches("monetary = 62.5 and averageOrderValue = 62.5", buyer));
        Assert.True(Matches("recency = 1.5 and daysSinceLastPurchase between 1 and 2", buyer));
        Assert.True(Matches("frequency >= 4 and purchaseCount in (3, 4) and lifetimeValue > 249.99", buyer));
        Assert.True(Matches("sessionCount = 7 and eventCount = 90 and productViewCount = 40", buyer));
    }

    [Fact]
    public void Sum_adds_event_values_counting_null_as_zero()
    {
        var facts = Facts(events:
        [
            Purchase(1, value: 100m),
            Purchase(2, value: null),
            Purchase(40, value: 25.5m),
            new EventFact(TrackedEventType.AddToCart, Now.AddDays(-1), Value: 999m),
        ]);
        Assert.True(Matches("sum(PURCHASE) = 125.5", facts));
        Assert.True(Matches("sum(PURCHASE within 30d) = 100", facts));
        Assert.True(Matches("sum(purchase where value > 50) = 100", facts));
        Assert.True(Matches("sum(ANY within 7d) = 1099", facts));
        Assert.True(Matches("count(ANY) = 4 and count(PURCHASE where value is not set) = 1", facts));
    }

    [Fact]
    public void Windows_in_hours_and_minutes_count_only_events_after_now_minus_the_window()
    {
        var facts = Facts(events:
        [
            new EventFact(TrackedEventType.PageView, Now.AddMinutes(-10)),
            new EventFact(TrackedEventType.PageView, Now.AddMinutes(-30)),
            new EventFact(TrackedEventType.PageView, Now.AddHours(-5)),
            new EventFact(TrackedEventType.PageView, Now.AddDays(-366)),
        ]);
        Assert.True(Matches("count(PAGE_VIEW within 30m) = 1", facts));
        Assert.True(Matches("count(PAGE_VIEW within 31m) = 2", facts));
        Assert.True(Matches("count(PAGE_VIEW within 6h) = 3", facts));
        Assert.True(Matches("count(PAGE_VIEW) = 3", facts));
    }

    [Fact]
    public void Event_conditions_combine_with_and_or_not()
    {
        var facts = Facts(events:
        [
            new EventFact(TrackedEventType.ProductView, Now.AddDays(-1), Brand: "Acme", Color: "Red", Size: "M", ProductId: 7),
            new EventFact(TrackedEventType.ProductView, Now.AddDays(-2), Brand: "Other", Color: "red", Size: "L", ProductId: 8),
            new EventFact(TrackedEventType.Search, Now.AddDays(-2), Query: "Trail running shoes"),
        ]);
        Assert.True(Matches("""count(PRODUCT_VIEW where brand = "acme" or size = "L") = 2""", facts));
        Assert.True(Matches("""count(PRODUCT_VIEW where color = "RED" and not productId = 7) = 1""", facts));
        Assert.True(Matches("""count(PRODUCT_VIEW where productId in (7, 9) and gender is not set) = 1""", facts));
        Assert.True(Matches("""count(SEARCH where query contains "running") = 1""", facts));
    }

    [Fact]
    public void Event_window_is_the_longest_and_event_types_are_those_counted()
    {
        var rule = Rule("count(PRODUCT_VIEW within 7d) > 3 or sum(PURCHASE within 30d) > 100 and count(ADD_TO_CART within 48h) > 0");
        Assert.Equal(TimeSpan.FromDays(30), rule.EventWindow);
        Assert.Equal(new HashSet<TrackedEventType> { TrackedEventType.ProductView, TrackedEventType.Purchase, TrackedEventType.AddToCart }, rule.EventTypes.ToHashSet());

        var unbounded = Rule("count(CHECKOUT_STARTED) > 0");
        Assert.Equal(TimeSpan.FromDays(365), unbounded.EventWindow);

        var any = Rule("count(ANY within 1h) > 10");
        Assert.Equal(Enum.GetValues<TrackedEventType>().ToHashSet(), any.EventTypes.ToHashSet());
    }

    [Fact]
    public void Whitespace_and_newlines_are_free()
    {
        var rule = Rule("(\n  sessionCount>=1\n\tand\r\n  traits.age>=18 )");
        Assert.True(rule.Matches(Facts(p => { p.SessionCount = 1; p.Traits.Age = 18; }), Now));
    }

    [Fact]
    public void Misspelt_field_is_reported_at_its_column_with_the_closest_name()
    {
        var error = SingleError("""traits.contry = "DE" """);
        Assert.Equal(new RuleError(0, 1, 1, "Unknown field \"traits.contry\"; did you mean traits.country?"), error);
    }

    [Fact]
    public void Error_position_counts_lines_and_columns()
    {
        var error = SingleError("sessionCount > 1\nand  recncy < 3");
        Assert.Equal((22, 2, 6), (error.Position, error.Line, error.Column));
        Assert.Equal("Unknown field \"recncy\"; did you mean recency?", error.Message);
    }

    [Fact]
    public void Unknown_field_far_from_any_name_gets_no_suggestion() =>
        Assert.Equal("Unknown field \"zzzzzzzzzzzz\".", SingleError("zzzzzzzzzzzz = 1").Message);

    [Fact]
    public void Ordering_operator_on_a_string_is_reported_at_the_operator()
    {
        var error = SingleError("""traits.country < "DE" """);
        Assert.Equal((15, 1, 16), (error.Position, error.Line, error.Column));
        Assert.Equal("Operator < does not apply to traits.country (a string); use =, !=, in, not in, contains, is set or is not set.", error.Message);
    }

    [Fact]
    public void Contains_on_a_number_is_an_operator_error() =>
        Assert.StartsWith("Operator contains does not apply to sessionCount (a number)", SingleError("sessionCount contains 1").Message);

    [Fact]
    public void String_literal_for_a_number_is_reported_at_the_literal()
    {
        var error = SingleError("""traits.age = "x" """);
        Assert.Equal(new RuleError(13, 1, 14, "traits.age is a number; \"x\" is not a number."), error);
    }

    [Fact]
    public void Wrong_literal_in_a_list_is_reported_at_that_element()
    {
        var error = SingleError("""sessionCount in (1, "a")""");
        Assert.Equal((20, "sessionCount is a number; \"a\" is not a number."), (error.Position, error.Message));
    }

    [Fact]
    public void Unquoted_value_for_a_string_field_is_an_error() =>
        Assert.Equal(new RuleError(17, 1, 18, "traits.country is a string; write the value in double quotes: \"DE\"."), SingleError("traits.country = DE"));

    [Fact]
    public void Unknown_enum_value_lists_the_allowed_ones()
    {
        var error = SingleError("journeyStage = CART_ABANDONED");
        Assert.Equal(new RuleError(15, 1, 16,
            "Unknown journeyStage value CART_ABANDONED; expected one of NEW_VISITOR, BROWSING, ENGAGED, CART_ABANDONER, FIRST_TIME_BUYER, REPEAT_BUYER, LAPSED."), error);
        Assert.Equal("Unknown traits.customerType value \"B2G\"; expected one of B2B, B2C.", SingleError("traits.customerType = \"B2G\"").Message);
    }

    [Fact]
    public void Unknown_event_type_lists_the_types()
    {
        var error = SingleError("count(PURCHASES) > 1");
        Assert.Equal(new RuleError(6, 1, 7,
            "Unknown event type \"PURCHASES\"; expected one of PAGE_VIEW, PRODUCT_VIEW, SEARCH, CLICK, ADD_TO_CART, REMOVE_FROM_CART, CHECKOUT_STARTED, PURCHASE, CUSTOM, ANY."), error);
    }

    [Fact]
    public void Bad_window_unit_is_reported_at_the_window()
    {
        var error = SingleError("count(PURCHASE within 12w) > 1");
        Assert.Equal(new RuleError(22, 1, 23, "Unknown window unit \"w\" in 12w; use d (days), h (hours) or m (minutes), e.g. 90d."), error);
    }

    [Fact]
    public void Window_beyond_the_event_retention_is_an_error() =>
        Assert.Equal("The window 400d is longer than the 365-day event retention.", SingleError("count(PURCHASE within 400d) > 1").Message);

    [Fact]
    public void Window_without_a_unit_is_a_syntax_error()
    {
        var error = SingleError("count(PURCHASE within 90) > 1");
        Assert.Equal((22, 1, 23), (error.Position, error.Line, error.Column));
        Assert.Equal("Syntax error: unexpected number `90`, expected window such as 90d.", error.Message);
    }

    [Fact]
    public void Affinity_key_must_be_a_string_literal()
    {
        Assert.Equal(new RuleError(18, 1, 19, "The key of affinity.category must be a string literal in double quotes, e.g. affinity.category[\"outdoor\"]."),
            SingleError("affinity.category[outdoor] > 0.5"));
        Assert.Equal(new RuleError(0, 1, 1, "affinity.brand needs a key, e.g. affinity.brand[\"outdoor\"]."), SingleError("affinity.brand > 0.5"));
        Assert.Equal("traits.country takes no [key]; only affinity.* fields do.", SingleError("traits.country[\"x\"] = \"DE\"").Message);
    }

    [Fact]
    public void A_bare_field_is_not_a_condition()
    {
        Assert.Equal(new RuleError(0, 1, 1, "sessionCount is a number, not a condition; compare it, e.g. sessionCount > 0."), SingleError("sessionCount"));
        Assert.Equal(new RuleError(21, 1, 22, "count(PURCHASE) is a number, not a condition; compare it, e.g. count(PURCHASE) > 0."),
            SingleError("sessionCount > 1 and count(PURCHASE)"));
    }

    [Fact]
    public void Event_fields_inside_where_are_checked()
    {
        Assert.Equal(new RuleError(21, 1, 22, "Unknown event field \"categry\"; did you mean category?"), SingleError("count(PURCHASE where categry = \"x\") > 0"));
        Assert.StartsWith("Unknown event field \"traits.country\"; inside where use category, brand,", SingleError("count(PURCHASE where traits.country = \"DE\") > 0").Message);
        Assert.Equal("Operator < does not apply to brand (a string); use =, !=, in, not in, contains, is set or is not set.",
            SingleError("count(PURCHASE where brand < \"x\") > 0").Message);
        Assert.Equal("count() and sum() cannot be used inside where; where tests one event's fields.",
            SingleError("count(PURCHASE where count(CLICK) > 1) > 0").Message);
    }

    [Fact]
    public void Every_type_error_is_reported_not_only_the_first()
    {
        var parse = SegmentRule.Parse("traits.contry = \"DE\" and traits.age = \"x\" and journeyStage = NOPE");
        Assert.Equal([0, 38, 61], parse.Errors.Select(e => e.Position));
    }

    [Theory]
    [InlineData("sessionCount >", 14, "Syntax error: unexpected end of input, expected string, number or name.")]
    [InlineData("sessionCount > 1 and", 20, "Syntax error: unexpected end of input")]
    [InlineData("(sessionCount > 1", 17, "Syntax error: unexpected end of input, expected `)`.")]
    [InlineData("sessionCount > 1 sessionCount < 5", 17, "Syntax error: unexpected name `sessionCount`")]
    [InlineData("traits.country = \"DE", 17, "Syntax error: unterminated string; end it with \".")]
    [InlineData("traits.age = 3 # 4", 15, "Syntax error: unexpected `#`.")]
    [InlineData("count PURCHASE > 1", 6, "Syntax error: unexpected name `PURCHASE`, expected `(`.")]
    [InlineData("traits.country in \"DE\"", 18, "Syntax error: unexpected string `\"DE\"`, expected `(`.")]
    public void Syntax_errors_say_where_and_what_was_expected(string text, int position, string message)
    {
        var error = SingleError(text);
        Assert.Equal(position, error.Position);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Empty_rule_is_an_error() => Assert.Equal(new RuleError(0, 1, 1, "The rule is empty."), SingleError("  "));

    [Fact]
    public void Between_with_bounds_reversed_is_an_error() =>
        Assert.Equal("between 55 and 45 matches nothing; write the lower bound first.", SingleError("traits.age between 55 and 45").Message);

    [Fact]
    public void Rule_longer_than_4000_characters_is_an_error()
    {
        var text = string.Join(" or ", Enumerable.Repeat("sessionCount > 1", 300));
        var error = SingleError(text);
        Assert.Equal(4000, error.Position);
        Assert.Equal($"A rule may be at most 4000 characters long; this one has {text.Length}.", error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_32_is_an_error_not_a_stack_overflow()
    {
        Assert.True(SegmentRule.Parse(new string('(', 32) + "sessionCount > 1" + new string(')', 32)).Succeeded);
        var error = SingleError(new string('(', 33) + "sessionCount > 1" + new string(')', 33));
        Assert.Equal((32, "The rule nests deeper than 32 levels of parentheses and not."), (error.Position, error.Message));
        Assert.Equal(32, SingleError(new string('(', 3999) + "x").Position);
        Assert.Equal(128, SingleError(string.Concat(Enumerable.Repeat("not ", 40)) + "sessionCount > 1").Position);

        static string NotParens(int levels) => string.Concat(Enumerable.Repeat("not (", levels)) + "sessionCount > 1" + new string(')', levels);
        Assert.True(SegmentRule.Parse(NotParens(16)).Succeeded);
        Assert.Equal(5 * 16, SingleError(NotParens(17)).Position);
        Assert.True(SegmentRule.Parse(string.Join(" and ", Enumerable.Repeat("not (not sessionCount = 2)", 100))).Succeeded);
    }

    [Fact]
    public void More_than_200_conditions_is_an_error()
    {
        Assert.True(SegmentRule.Parse(string.Join(" or ", Enumerable.Repeat("frequency=1", 200))).Succeeded);
        var text = string.Join(" or ", Enumerable.Repeat("frequency=1", 201));
        var error = SingleError(text);
        Assert.Equal((200 * 15, "A rule may have at most 200 conditions."), (error.Position, error.Message));
    }

    [Fact]
    public void Hostile_input_never_throws()
    {
        foreach (var text in new[] { "\"", "\\", "((((", "))))", "[", "traits.age = 99999999999999999999999999999999", "count(", "sum(ANY where", "not", "and or", "= = =", "😀", "\0" })
        {
            var parse = SegmentRule.Parse(text);
            Assert.False(parse.Succeeded);
            Assert.NotEmpty(parse.Errors);
        }
    }

    [Fact]
    public void Matching_a_compiled_rule_allocates_nothing()
    {
        var rule = Rule("""traits.country in ("DE", "FR") and count(PURCHASE where category = "running" within 90d) >= 1 and affinity.category[" Outdoor "] >= 0""");
        var facts = Facts(p => p.Traits.Country = "de", events: [Purchase(1, "/apparel/running/"), Purchase(2, "/apparel/hiking/")]);
        Assert.True(rule.Matches(facts, Now));
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) rule.Matches(facts, Now);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
