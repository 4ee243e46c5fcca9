using Superpower;

namespace Marketplace.Api.Profiles.Segments.Rules;

/// <summary>Where a rule is wrong and why: Position from 0, Line and Column from 1.</summary>
public sealed record RuleError(int Position, int Line, int Column, string Message);

public sealed record SegmentRuleParse(SegmentRule? Rule, IReadOnlyList<RuleError> Errors)
{
    public bool Succeeded => Rule is not null;
}

/// <summary>
/// A segment rule, parsed and type-checked: traits, computed attributes, affinities and event counts in time windows,
/// for example <c>traits.country in ("DE","FR") and count(PURCHASE where category = "running" within 90d) >= 2</c>.
/// </summary>
public sealed class SegmentRule
{
    public const int MaxLength = Data.Limits.SegmentRule;
    public const int MaxNesting = 32;

    private readonly Func<ProfileContext, bool> matches;

    private SegmentRule(string text, Func<ProfileContext, bool> matches, TimeSpan? window, IReadOnlySet<TrackedEventType> types)
    {
        Text = text;
        this.matches = matches;
        EventWindow = window;
        EventTypes = types;
    }

    public string Text { get; }

    /// <summary>How far back count() and sum() look; null when the rule uses no events.</summary>
    public TimeSpan? EventWindow { get; }

    /// <summary>The event types count() and sum() look at.</summary>
    public IReadOnlySet<TrackedEventType> EventTypes { get; }

    public bool Matches(ProfileFacts facts, DateTime now) => matches(new ProfileContext(facts, now));

    /// <summary>Parses and type-checks; never throws for bad input.</summary>
    public static SegmentRuleParse Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Failed(new RuleError(0, 1, 1, "The rule is empty."));
        if (text.Length > MaxLength) return Failed(Error(text, MaxLength, $"The rule is longer than {MaxLength:N0} characters."));
        if (TooDeep(text) is { } deep) return Failed(Error(text, deep, $"Parentheses nest deeper than {MaxNesting} levels."));

        var tokens = RuleSyntax.Tokenizer.TryTokenize(text);
        if (!tokens.HasValue)
            return Failed(new RuleError(tokens.ErrorPosition.Absolute, tokens.ErrorPosition.Line, tokens.ErrorPosition.Column,
                Capitalize(tokens.FormatErrorMessageFragment()) + ": write quoted text, numbers, durations such as 90d, 12h or 30m, and names."));
        var tree = RuleSyntax.Rule.TryParse(tokens.Value);
        if (!tree.HasValue)
        {
            var at = tree.ErrorPosition.HasValue ? tree.ErrorPosition : new Superpower.Model.Position(text.Length, 1, text.Length + 1);
            if (!tree.ErrorPosition.HasValue) at = Locate(text, text.Length);
            return Failed(new RuleError(at.Absolute, at.Line, at.Column, Capitalize(tree.FormatErrorMessageFragment()) + "."));
        }

        var compiler = new RuleCompiler();
        var compiled = compiler.Compile(tree.Value);
        return compiler.Errors.Count > 0
            ? new SegmentRuleParse(null, [.. compiler.Errors.OrderBy(e => e.Position)])
            : new SegmentRuleParse(new SegmentRule(text, compiled, compiler.EventWindow, compiler.EventTypes), []);
    }

    private static SegmentRuleParse Failed(RuleError error) => new(null, [error]);

    private static RuleError Error(string text, int position, string message)
    {
        var at = Locate(text, position);
        return new RuleError(at.Absolute, at.Line, at.Column, message);
    }

    private static Superpower.Model.Position Locate(string text, int position)
    {
        var before = text[..Math.Min(position, text.Length)];
        var line = before.Count(c => c == '\n') + 1;
        var column = position - (before.LastIndexOf('\n') + 1) + 1;
        return new Superpower.Model.Position(position, line, column);
    }

    /// <summary>Where parentheses first nest too deep (outside quoted text), so deep input never reaches the recursive parser.</summary>
    private static int? TooDeep(string text)
    {
        var depth = 0;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == '(' && ++depth > MaxNesting) return i;
            else if (c == ')') depth--;
        }
        return null;
    }

    private static string Capitalize(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];
}
