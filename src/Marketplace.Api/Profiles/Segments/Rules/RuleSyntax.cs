using System.Text;
using Superpower;
using Superpower.Display;
using Superpower.Model;
using Superpower.Parsers;
using Superpower.Tokenizers;

namespace Marketplace.Api.Profiles.Segments.Rules;

internal enum RuleToken
{
    [Token(Category = "name", Description = "name")] Identifier,
    [Token(Category = "string", Description = "string")] String,
    [Token(Category = "number", Description = "number")] Number,
    [Token(Category = "window", Description = "window such as 90d")] Duration,
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
}

internal enum RuleOp { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, In, NotIn, Between, Contains, IsSet, IsNotSet }

internal enum LiteralKind { String, Number, Identifier }

internal sealed record Literal(LiteralKind Kind, string Text, Position Position);

internal abstract record RuleNode(Position Position);
internal sealed record OrNode(RuleNode Left, RuleNode Right) : RuleNode(Left.Position);
internal sealed record AndNode(RuleNode Left, RuleNode Right) : RuleNode(Left.Position);
internal sealed record NotNode(RuleNode Operand, Position Position) : RuleNode(Position);
internal sealed record ConditionNode(OperandNode Operand, TestNode? Test) : RuleNode(Operand.Position);

internal abstract record OperandNode(Position Position);
internal sealed record FieldNode(string Name, Literal? Key, Position Position) : OperandNode(Position);
internal sealed record AggregateNode(bool IsSum, string EventType, Position EventTypePosition, RuleNode? Where, string? Window, Position WindowPosition, Position Position)
    : OperandNode(Position);

internal sealed record TestNode(RuleOp Op, Position Position, IReadOnlyList<Literal> Values);

/// <summary>The rule language's tokens and grammar; types and names are checked afterwards by <see cref="RuleCompiler"/>.</summary>
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
        .Match(Character.EqualTo('<'), RuleToken.Less)
        .Match(Character.EqualTo('>'), RuleToken.Greater)
        .Match(Character.EqualTo('='), RuleToken.Equal)
        .Match(Span.Regex("\"(?:[^\"\\\\]|\\\\.)*\""), RuleToken.String)
        .Match(Span.Regex(@"[0-9]+[A-Za-z_]+"), RuleToken.Duration, requireDelimiters: true)
        .Match(Span.Regex(@"-?[0-9]+(?:\.[0-9]+)?"), RuleToken.Number, requireDelimiters: true)
        .Match(Span.Regex(@"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*"), RuleToken.Identifier, requireDelimiters: true)
        .Build();

    private static TokenListParser<RuleToken, Token<RuleToken>> Keyword(string word) =>
        Token.EqualToValueIgnoreCase(RuleToken.Identifier, word);

    private static readonly TokenListParser<RuleToken, Literal> LiteralValue =
        Token.EqualTo(RuleToken.String).Select(t => new Literal(LiteralKind.String, Unescape(t.ToStringValue()), t.Position))
            .Or(Token.EqualTo(RuleToken.Number).Select(t => new Literal(LiteralKind.Number, t.ToStringValue(), t.Position)))
            .Or(Token.EqualTo(RuleToken.Identifier).Select(t => new Literal(LiteralKind.Identifier, t.ToStringValue(), t.Position)));

    private static readonly TokenListParser<RuleToken, Literal[]> LiteralList =
        from open in Token.EqualTo(RuleToken.LParen)
        from values in LiteralValue.AtLeastOnceDelimitedBy(Token.EqualTo(RuleToken.Comma))
        from close in Token.EqualTo(RuleToken.RParen)
        select values;

    private static TokenListParser<RuleToken, TestNode> Compare(RuleToken token, RuleOp op) =>
        from t in Token.EqualTo(token)
        from value in LiteralValue
        select new TestNode(op, t.Position, [value]);

    private static readonly TokenListParser<RuleToken, TestNode> Test =
        Compare(RuleToken.Equal, RuleOp.Equal)
            .Or(Compare(RuleToken.NotEqual, RuleOp.NotEqual))
            .Or(Compare(RuleToken.Less, RuleOp.Less))
            .Or(Compare(RuleToken.LessOrEqual, RuleOp.LessOrEqual))
            .Or(Compare(RuleToken.Greater, RuleOp.Greater))
            .Or(Compare(RuleToken.GreaterOrEqual, RuleOp.GreaterOrEqual))
            .Or(from t in Keyword("in") from values in LiteralList select new TestNode(RuleOp.In, t.Position, values))
            .Or(from t in Keyword("not") from _ in Keyword("in") from values in LiteralList select new TestNode(RuleOp.NotIn, t.Position, values))
            .Or(from t in Keyword("between") from low in LiteralValue from _ in Keyword("and") from high in LiteralValue
                select new TestNode(RuleOp.Between, t.Position, [low, high]))
            .Or(from t in Keyword("contains") from value in LiteralValue select new TestNode(RuleOp.Contains, t.Position, [value]))
            .Or(from t in Keyword("is") from negated in Keyword("not").OptionalOrDefault() from _ in Keyword("set")
                select new TestNode(negated.HasValue ? RuleOp.IsNotSet : RuleOp.IsSet, t.Position, []));

    private static readonly TokenListParser<RuleToken, OperandNode> Aggregate =
        from function in Keyword("count").Or(Keyword("sum"))
        from open in Token.EqualTo(RuleToken.LParen)
        from type in Token.EqualTo(RuleToken.Identifier)
        from filter in Maybe(Keyword("where").IgnoreThen(Parse.Ref(() => Or!)))
        from within in Keyword("within").IgnoreThen(Token.EqualTo(RuleToken.Duration)).OptionalOrDefault()
        from close in Token.EqualTo(RuleToken.RParen)
        select (OperandNode)new AggregateNode(
            function.ToStringValue().Equals("sum", StringComparison.OrdinalIgnoreCase), type.ToStringValue(), type.Position, filter,
            within.HasValue ? within.ToStringValue() : null, within.HasValue ? within.Position : Position.Empty, function.Position);

    private static readonly TokenListParser<RuleToken, OperandNode> Field =
        from name in Token.EqualTo(RuleToken.Identifier)
        from key in Maybe(Token.EqualTo(RuleToken.LBracket).IgnoreThen(LiteralValue).Then(k => Token.EqualTo(RuleToken.RBracket).Value(k)))
        select (OperandNode)new FieldNode(name.ToStringValue(), key, name.Position);

    private static readonly TokenListParser<RuleToken, RuleNode> Condition =
        from operand in Aggregate.Or(Field)
        from test in Maybe(Test)
        select (RuleNode)new ConditionNode(operand, test);

    private static readonly TokenListParser<RuleToken, RuleNode> Primary =
        Token.EqualTo(RuleToken.LParen).IgnoreThen(Parse.Ref(() => Or!)).Then(n => Token.EqualTo(RuleToken.RParen).Value(n))
            .Or(Condition);

    private static readonly TokenListParser<RuleToken, RuleNode> Negation =
        (from keyword in Keyword("not") from operand in Parse.Ref(() => Negation!) select (RuleNode)new NotNode(operand, keyword.Position))
            .Or(Primary);

    private static readonly TokenListParser<RuleToken, RuleNode> And =
        Parse.Chain(Keyword("and"), Negation, (_, left, right) => new AndNode(left, right));

    private static readonly TokenListParser<RuleToken, RuleNode> Or =
        Parse.Chain(Keyword("or"), And, (_, left, right) => new OrNode(left, right));

    public static readonly TokenListParser<RuleToken, RuleNode> Rule = Or.AtEnd();

    private static TokenListParser<RuleToken, T?> Maybe<T>(TokenListParser<RuleToken, T> parser) where T : class =>
        parser.Select(T? (value) => value).OptionalOrDefault();

    private static string Unescape(string quoted)
    {
        var body = quoted.AsSpan(1, quoted.Length - 2);
        if (!body.Contains('\\')) return body.ToString();
        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] is '"' or '\\') i++;
            text.Append(body[i]);
        }
        return text.ToString();
    }
}
