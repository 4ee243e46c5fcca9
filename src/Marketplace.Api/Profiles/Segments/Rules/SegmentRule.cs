using Marketplace.Api.Data;
using Superpower;
using Superpower.Model;

namespace Marketplace.Api.Profiles.Segments.Rules;

/// <summary>A problem in a rule's text: where (0-based offset, 1-based line and column) and why.</summary>
public sealed record RuleError(int Position, int Line, int Column, string Message);

public sealed record SegmentRuleParse(SegmentRule? Rule, IReadOnlyList<RuleError> Errors)
{
    public bool Succeeded => Rule is not null;
}

/// <summary>
/// An admin-written segment rule such as <c>traits.country in ("DE", "FR") and count(PURCHASE within 90d) >= 2</c>,
/// checked and compiled once so <see cref="Matches"/> can run for every incoming event.
/// </summary>
public sealed class SegmentRule
{
    public const int MaxLength = Limits.SegmentRule;
    public const int MaxNesting = 32;
    public const int MaxConditions = RuleCompiler.MaxConditions;

    private readonly Func<ProfileFacts, DateTime, bool> predicate;

    private SegmentRule(string text, Func<ProfileFacts, DateTime, bool> predicate, TimeSpan? eventWindow, IReadOnlySet<TrackedEventType> eventTypes)
    {
        Text = text;
        this.predicate = predicate;
        EventWindow = eventWindow;
        EventTypes = eventTypes;
    }

    public string Text { get; }

    /// <summary>How far back the rule's count() and sum() look (the longest of them); null when it reads no events.</summary>
    public TimeSpan? EventWindow { get; }

    /// <summary>The event types the rule's count() and sum() read; every type for ANY.</summary>
    public IReadOnlySet<TrackedEventType> EventTypes { get; }

    public bool Matches(ProfileFacts facts, DateTime now) => predicate(facts, now);

    public static SegmentRuleParse Parse(string text)
    {
        text ??= "";
        if (text.Length > MaxLength)
            return Failed(RuleCompiler.Error(PositionOf(text, MaxLength), $"A rule may be at most {MaxLength} characters long; this one has {text.Length}."));
        if (string.IsNullOrWhiteSpace(text))
            return Failed(new RuleError(0, 1, 1, "The rule is empty."));

        var tokens = RuleSyntax.Tokenizer.TryTokenize(text);
        if (!tokens.HasValue)
            return Failed(RuleCompiler.Error(tokens.ErrorPosition, tokens.ErrorPosition.Absolute < text.Length && text[tokens.ErrorPosition.Absolute] == '"'
                ? "Syntax error: unterminated string; end it with \"."
                : $"Syntax error: {tokens.FormatErrorMessageFragment()}."));

        if (TooDeep(tokens.Value) is { } deep)
            return Failed(RuleCompiler.Error(deep, $"The rule nests deeper than {MaxNesting} levels of parentheses and not."));

        var tree = RuleSyntax.Rule.TryParse(tokens.Value);
        if (!tree.HasValue)
        {
            var at = tree.ErrorPosition.HasValue ? tree.ErrorPosition : PositionOf(text, text.Length);
            return Failed(RuleCompiler.Error(at, $"Syntax error: {tree.FormatErrorMessageFragment()}."));
        }

        var compiler = new RuleCompiler();
        var predicate = compiler.Compile(tree.Value);
        return predicate is null
            ? new(null, compiler.Errors)
            : new(new SegmentRule(text, predicate, compiler.EventWindow, compiler.EventTypes.ToHashSet()), []);
    }

    private static SegmentRuleParse Failed(RuleError error) => new(null, [error]);

    /// <summary>
    /// The grammar recurses once per parenthesis and per not, so depth is checked on the tokens before parsing: a
    /// hostile rule gets an error instead of exhausting the stack. A not stays open over the parenthesis it negates.
    /// </summary>
    private static Position? TooDeep(TokenList<RuleToken> tokenList)
    {
        var tokens = tokenList.ToArray();
        var enclosing = new Stack<int>();
        var parentheses = 0;
        var openNots = 0;
        var notsAtLevelStart = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (IsKeyword(token, "not") && !(i + 1 < tokens.Length && IsKeyword(tokens[i + 1], "in"))) openNots++;
            else if (token.Kind == RuleToken.LParen)
            {
                parentheses++;
                enclosing.Push(notsAtLevelStart);
                notsAtLevelStart = openNots;
            }
            else if (token.Kind == RuleToken.RParen && enclosing.Count > 0)
            {
                parentheses--;
                openNots = notsAtLevelStart = enclosing.Pop();
            }
            else openNots = notsAtLevelStart;
            if (parentheses + openNots > MaxNesting) return token.Position;
        }
        return null;
    }

    private static bool IsKeyword(Token<RuleToken> token, string word) =>
        token.Kind == RuleToken.Identifier && token.Span.EqualsValueIgnoreCase(word);

    private static Position PositionOf(string text, int offset)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n') { line++; column = 1; }
            else column++;
        }
        return new Position(offset, line, column);
    }
}
