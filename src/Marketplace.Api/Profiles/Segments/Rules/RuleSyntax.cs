using Superpower;
using Superpower.Display;
using Superpower.Model;
using Superpower.Parsers;
using Superpower.Tokenizers;

namespace Marketplace.Api.Profiles.Segments.Rules;

internal enum RuleToken
{
    [Token(Example = "(")] LParen,
    [Token(Example = ")")] RParen,
    [Token(Example = "[")] LBracket,
    [Token(Example = "]")] RBracket,
    [Token(Example = ",")] Comma,
    [Token(Example = "=")] Equal,
    [Token(Example = "!=")] NotEqual,
    [Token(Example = "<")] Less,
    [Token(Example = "<=")] LessOrEqual,
    [Token(Example = ">")] Greater,
    [Token(Example = ">=")] GreaterOrEqual,
    [Token(Description = "quoted text")] String,
    [Token(Description = "a duration")] Duration,
    [Token(Description = "a number")] Number,
    [Token(Description = "a name")] Identifier,
}

/// <summary>Where a node was written, for type errors.</summary>
internal readonly record struct At(int Position, int Line, int Column)
{
    public static At Of(Position position) => new(position.Absolute, position.Line, position.Column);

    public static At Of(Token<RuleToken> token) => Of(token.Span.Position);
}

internal abstract record Node(At At);

internal sealed record Literal(At At, object Value, bool Bare) : Node(At)
{
    public bool IsText => Value is string;
}

internal abstract record Operand(At At) : Node(At);
internal sealed record FieldOperand(At At, string Name) : Operand(At);
internal sealed record AffinityOperand(At At, string Dimension, At KeyAt, string Key) : Operand(At);
internal sealed record AggregateOperand(At At, bool Sum, Token<RuleToken> EventType, Condition? Where, Token<RuleToken>? Window) : Operand(At);

internal abstract record Condition(At At) : Node(At);
internal sealed record AllOf(At At, Condition Left, Condition Right) : Condition(At);
internal sealed record AnyOf(At At, Condition Left, Condition Right) : Condition(At);
internal sealed record NotCondition(At At, Condition Inner) : Condition(At);
internal sealed record Comparison(At At, Operand Left, RuleToken Operator, Literal Right) : Condition(At);
internal sealed record InList(At At, Operand Left, IReadOnlyList<Literal> Values, bool Negated) : Condition(At);
internal sealed record Between(At At, Operand Left, Literal Low, Literal High) : Condition(At);
internal sealed record ContainsText(At At, Operand Left, Literal Value) : Condition(At);
internal sealed record IsSet(At At, Operand Left, bool Negated) : Condition(At);

/// <summary>The rule language's tokens and grammar (Superpower): text to a syntax tree with positions.</summary>
internal static class RuleSyntax
{
    public static readonly Tokenizer<RuleToken> Tokenizer = new TokenizerBuilder<RuleToken>()
        .Ignore(Span.WhiteSpace)
        .Match(Character.EqualTo('('), RuleToken.LParen)
        .Match(Character.EqualTo(')'), RuleToken.RParen)
        .Match(Character.EqualTo('['), RuleToken.LBracket)
        .Match(Character.EqualTo(']'), RuleToken.RBracket)
        .Match(Character.EqualTo(','), RuleToken.Comma)
        .Match(Span.EqualTo("!="), RuleToken.NotEqual)
        .Match(Span.EqualTo("<>"), RuleToken.NotEqual)
        .Match(Span.EqualTo("<="), RuleToken.LessOrEqual)
        .Match(Span.EqualTo(">="), RuleToken.GreaterOrEqual)
        .Match(Character.EqualTo('='), RuleToken.Equal)
        .Match(Character.EqualTo('<'), RuleToken.Less)
        .Match(Character.EqualTo('>'), RuleToken.Greater)
        .Match(QuotedString.CStyle, RuleToken.String)
        .Match(Span.Regex("[0-9]+[dhm]"), RuleToken.Duration, requireDelimiters: true)
        .Match(Span.Regex("-?[0-9]+(\\.[0-9]+)?"), RuleToken.Number, requireDelimiters: true)
        .Match(Span.Regex("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*"), RuleToken.Identifier, requireDelimiters: true)
        .Build();

    private static TokenListParser<RuleToken, Token<RuleToken>> Keyword(string word) =>
        Token.EqualToValueIgnoreCase(RuleToken.Identifier, word).Named($"'{word}'");

    private static readonly TokenListParser<RuleToken, Literal> Text =
        Token.EqualTo(RuleToken.String).Select(t => new Literal(At.Of(t), Unquote(t.ToStringValue()), Bare: false));

    private static readonly TokenListParser<RuleToken, Literal> Number =
        Token.EqualTo(RuleToken.Number).Select(t => new Literal(At.Of(t), decimal.Parse(t.ToStringValue(), System.Globalization.CultureInfo.InvariantCulture), Bare: false));

    // Bare words are enum values (CART_ABANDONER, B2B); the type checker decides whether one is allowed.
    private static readonly TokenListParser<RuleToken, Literal> Word =
        Token.EqualTo(RuleToken.Identifier).Select(t => new Literal(At.Of(t), t.ToStringValue(), Bare: true));

    private static readonly TokenListParser<RuleToken, Literal> Value = Text.Or(Number).Or(Word).Named("a value");

    private static readonly TokenListParser<RuleToken, Operand> Aggregate =
        from name in Keyword("count").Try().Or(Keyword("sum").Try())
        from open in Token.EqualTo(RuleToken.LParen)
        from type in Token.EqualTo(RuleToken.Identifier).Named("an event type")
        from condition in Keyword("where").IgnoreThen(Parse.Ref(() => Expression!)).Select(c => (Condition?)c).OptionalOrDefault()
        from window in Keyword("within").IgnoreThen(Token.EqualTo(RuleToken.Duration).Named("a duration such as 90d, 12h or 30m"))
            .Select(t => (Token<RuleToken>?)t).OptionalOrDefault()
        from close in Token.EqualTo(RuleToken.RParen)
        select (Operand)new AggregateOperand(At.Of(name), name.ToStringValue().Equals("sum", StringComparison.OrdinalIgnoreCase), type, condition, window);

    private static readonly TokenListParser<RuleToken, Operand> Affinity =
        from field in Token.Matching<RuleToken>(kind => kind == RuleToken.Identifier, "a field").Where(t => t.ToStringValue().StartsWith("affinity.", StringComparison.OrdinalIgnoreCase)).Try()
        from open in Token.EqualTo(RuleToken.LBracket)
        from key in Token.EqualTo(RuleToken.String).Named("a quoted key such as \"outdoor\"")
        from close in Token.EqualTo(RuleToken.RBracket)
        select (Operand)new AffinityOperand(At.Of(field), field.ToStringValue()["affinity.".Length..], At.Of(key), Unquote(key.ToStringValue()));

    private static readonly TokenListParser<RuleToken, Operand> Field =
        Token.EqualTo(RuleToken.Identifier).Named("a field").Select(t => (Operand)new FieldOperand(At.Of(t), t.ToStringValue()));

    private static readonly TokenListParser<RuleToken, Operand> OperandParser = Aggregate.Or(Affinity).Or(Field);

    private static readonly TokenListParser<RuleToken, RuleToken> ComparisonOperator =
        Token.EqualTo(RuleToken.Equal).Or(Token.EqualTo(RuleToken.NotEqual))
            .Or(Token.EqualTo(RuleToken.LessOrEqual)).Or(Token.EqualTo(RuleToken.Less))
            .Or(Token.EqualTo(RuleToken.GreaterOrEqual)).Or(Token.EqualTo(RuleToken.Greater))
            .Select(t => t.Kind);

    private static readonly TokenListParser<RuleToken, IReadOnlyList<Literal>> List =
        from open in Token.EqualTo(RuleToken.LParen)
        from values in Value.ManyDelimitedBy(Token.EqualTo(RuleToken.Comma))
        from close in Token.EqualTo(RuleToken.RParen)
        select (IReadOnlyList<Literal>)values;

    private static readonly TokenListParser<RuleToken, Func<Operand, Condition>> Tail =
        ComparisonOperator.Then(op => Value.Select(v => (Func<Operand, Condition>)(left => new Comparison(left.At, left, op, v))))
        .Or(Keyword("in").IgnoreThen(List).Select(values => (Func<Operand, Condition>)(left => new InList(left.At, left, values, Negated: false))).Try())
        .Or(Keyword("not").IgnoreThen(Keyword("in")).IgnoreThen(List).Select(values => (Func<Operand, Condition>)(left => new InList(left.At, left, values, Negated: true))).Try())
        .Or((from between in Keyword("between")
             from low in Value
             from joiner in Keyword("and")
             from high in Value
             select (Func<Operand, Condition>)(left => new Between(left.At, left, low, high))).Try())
        .Or(Keyword("contains").IgnoreThen(Value).Select(v => (Func<Operand, Condition>)(left => new ContainsText(left.At, left, v))).Try())
        .Or((from isWord in Keyword("is")
             from negated in Keyword("not").Select(_ => true).OptionalOrDefault(false)
             from set in Keyword("set")
             select (Func<Operand, Condition>)(left => new IsSet(left.At, left, negated))).Try())
        .Named("an operator (=, !=, <, <=, >, >=, in, not in, between, contains, is set)");

    private static readonly TokenListParser<RuleToken, Condition> Predicate =
        from left in OperandParser
        from tail in Tail
        select tail(left);

    private static readonly TokenListParser<RuleToken, Condition> Group =
        Token.EqualTo(RuleToken.LParen).IgnoreThen(Parse.Ref(() => Expression!)).Then(inner => Token.EqualTo(RuleToken.RParen).Value(inner));

    private static readonly TokenListParser<RuleToken, Condition> Unary =
        Keyword("not").Then(not => Parse.Ref(() => Unary!).Select(inner => (Condition)new NotCondition(At.Of(not), inner))).Try()
            .Or(Group)
            .Or(Predicate);

    private static readonly TokenListParser<RuleToken, Condition> Conjunction =
        Parse.Chain(Keyword("and"), Unary, (op, left, right) => new AllOf(left.At, left, right));

    public static readonly TokenListParser<RuleToken, Condition> Expression =
        Parse.Chain(Keyword("or"), Conjunction, (op, left, right) => new AnyOf(left.At, left, right));

    public static readonly TokenListParser<RuleToken, Condition> Rule = Expression.AtEnd();

    private static string Unquote(string quoted)
    {
        var inner = quoted[1..^1];
        if (!inner.Contains('\\')) return inner;
        var text = new System.Text.StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
            text.Append(inner[i] == '\\' && i + 1 < inner.Length ? inner[++i] : inner[i]);
        return text.ToString();
    }
}
