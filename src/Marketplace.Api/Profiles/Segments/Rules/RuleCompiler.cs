using Superpower.Model;

namespace Marketplace.Api.Profiles.Segments.Rules;

/// <summary>
/// Type-checks a syntax tree and turns it into delegates: a rule is checked once when saved and then runs as plain
/// closures, with no parsing or reflection per profile.
/// </summary>
internal sealed class RuleCompiler
{
    public const int MaxConditions = 200;
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(RuleFields.DefaultWindowDays);

    private readonly List<RuleError> errors = [];
    private int conditions;

    public IReadOnlyList<RuleError> Errors => errors;
    public TimeSpan? EventWindow { get; private set; }
    public HashSet<TrackedEventType> EventTypes { get; } = [];

    public Func<ProfileContext, bool> Compile(Condition rule) => Condition(rule, RuleFields.Profile, aggregates: true);

    private Func<T, bool> Condition<T>(Condition node, IReadOnlyDictionary<string, RuleField<T>> fields, bool aggregates)
    {
        if (++conditions == MaxConditions + 1) Fail(node.At, $"A rule may hold at most {MaxConditions} conditions.");
        switch (node)
        {
            case AllOf all:
            {
                var left = Condition(all.Left, fields, aggregates);
                var right = Condition(all.Right, fields, aggregates);
                return c => left(c) && right(c);
            }
            case AnyOf any:
            {
                var left = Condition(any.Left, fields, aggregates);
                var right = Condition(any.Right, fields, aggregates);
                return c => left(c) || right(c);
            }
            case NotCondition not:
            {
                var inner = Condition(not.Inner, fields, aggregates);
                return c => !inner(c);
            }
            default:
                return Predicate(node, fields, aggregates);
        }
    }

    private Func<T, bool> Predicate<T>(Condition node, IReadOnlyDictionary<string, RuleField<T>> fields, bool aggregates)
    {
        var left = node switch
        {
            Comparison c => c.Left, InList l => l.Left, Between b => b.Left, ContainsText t => t.Left, IsSet s => s.Left,
            _ => throw new InvalidOperationException($"Unknown condition {node.GetType().Name}."),
        };
        var operand = Operand(left, fields, aggregates);
        if (operand is null) return Never<T>();
        var (type, text, number, values, isPath) = operand.Value;
        var name = Describe(left);

        switch (node)
        {
            case IsSet set:
                return set.Negated ? c => !IsPresent(c) : IsPresent;
            case Comparison comparison when comparison.Operator is RuleToken.Equal or RuleToken.NotEqual:
            {
                var matches = Equality(comparison.Right);
                if (matches is null) return Never<T>();
                return comparison.Operator == RuleToken.Equal ? matches : c => !matches(c);
            }
            case Comparison comparison:
            {
                if (type != ValueType.Number)
                    return Fail<T>(comparison.Right.At, $"'{Symbol(comparison.Operator)}' compares numbers; {name} is {Kind(type)}.");
                if (!TryNumber(comparison.Right, name, out var bound)) return Never<T>();
                return comparison.Operator switch
                {
                    RuleToken.Less => c => number!(c) < bound,
                    RuleToken.LessOrEqual => c => number!(c) <= bound,
                    RuleToken.Greater => c => number!(c) > bound,
                    _ => c => number!(c) >= bound,
                };
            }
            case InList list:
            {
                var each = list.Values.Select(Equality).ToList();
                if (each.Any(e => e is null)) return Never<T>();
                Func<T, bool> anyOf = c => each.Any(e => e!(c));
                return list.Negated ? c => !anyOf(c) : anyOf;
            }
            case Between between:
            {
                if (type != ValueType.Number) return Fail<T>(between.Low.At, $"between compares numbers; {name} is {Kind(type)}.");
                if (!TryNumber(between.Low, name, out var low) || !TryNumber(between.High, name, out var high)) return Never<T>();
                if (low > high) Fail(between.High.At, $"between's lower bound {low} is above its upper bound {high}.");
                return c => number!(c) is { } value && value >= low && value <= high;
            }
            case ContainsText contains:
            {
                if (type != ValueType.Text) return Fail<T>(contains.Value.At, $"contains looks into text; {name} is {Kind(type)}.");
                if (contains.Value.Value is not string part) return Fail<T>(contains.Value.At, $"contains takes quoted text, such as \"{name}\" contains \"run\".");
                return c => text!(c)?.Contains(part, StringComparison.OrdinalIgnoreCase) == true;
            }
            default:
                return Never<T>();
        }

        bool IsPresent(T c) => type == ValueType.Number ? number!(c) is not null : !string.IsNullOrEmpty(text!(c));

        // A predicate that the value equals the literal; null (and an error) when the literal cannot be that type.
        Func<T, bool>? Equality(Literal literal)
        {
            switch (type)
            {
                case ValueType.Number:
                    if (!TryNumber(literal, name, out var wanted)) return null;
                    return c => number!(c) == wanted;
                case ValueType.Enum:
                    var word = literal.Value as string;
                    var match = word is null ? null : values!.FirstOrDefault(v => v.Equals(word, StringComparison.OrdinalIgnoreCase));
                    if (match is null)
                    {
                        Fail(literal.At, $"{name} has no value {Show(literal)}; use one of {string.Join(", ", values!)}.");
                        return null;
                    }
                    return c => string.Equals(text!(c), match, StringComparison.OrdinalIgnoreCase);
                default:
                    if (literal.Value is not string expected || literal.Bare)
                    {
                        Fail(literal.At, $"{name} is text; write the value in double quotes, such as \"{literal.Value}\".");
                        return null;
                    }
                    if (isPath)
                    {
                        var segment = "/" + expected.Trim('/') + "/";
                        return c => text!(c)?.Contains(segment, StringComparison.OrdinalIgnoreCase) == true;
                    }
                    return c => string.Equals(text!(c), expected, StringComparison.OrdinalIgnoreCase);
            }
        }
    }

    private (ValueType Type, Func<T, string?>? Text, Func<T, double?>? Number, IReadOnlyList<string>? Values, bool IsPath)? Operand<T>(
        Operand operand, IReadOnlyDictionary<string, RuleField<T>> fields, bool aggregates)
    {
        switch (operand)
        {
            case FieldOperand field when fields.TryGetValue(field.Name, out var known):
                return (known.Type, known.Text, known.Number, known.Values, known.IsPath);
            case FieldOperand field:
                var suggestion = Closest(field.Name, fields.Keys.Concat(aggregates ? RuleFields.AffinityDimensions.Select(d => $"affinity.{d}[\"...\"]") : []));
                Fail(field.At, $"Unknown field '{field.Name}'{(suggestion is null ? "" : $"; did you mean {suggestion}?")}" +
                    (aggregates ? "" : $" Inside where, use one of {string.Join(", ", fields.Keys)}."));
                return null;
            case AffinityOperand affinity when !aggregates:
                Fail(affinity.At, "affinity[...] describes the profile; it cannot be used inside where.");
                return null;
            case AffinityOperand affinity:
                if (RuleFields.Dimension(affinity.Dimension) is not { } dimension)
                {
                    Fail(affinity.At, $"Unknown affinity '{affinity.Dimension}'; use one of {string.Join(", ", RuleFields.AffinityDimensions.Select(d => "affinity." + d))}.");
                    return null;
                }
                var key = affinity.Key;
                Func<ProfileContext, double?> score = c => c.Facts.Affinities.Score(dimension, key);
                return (ValueType.Number, null, (Func<T, double?>)(object)score, null, false);
            case AggregateOperand aggregate when !aggregates:
                Fail(aggregate.At, "count() and sum() cannot be nested inside where.");
                return null;
            case AggregateOperand aggregate:
                var counted = Aggregate(aggregate);
                return counted is null ? null : (ValueType.Number, null, (Func<T, double?>)(object)counted, null, false);
            default:
                return null;
        }
    }

    private Func<ProfileContext, double?>? Aggregate(AggregateOperand aggregate)
    {
        var typeName = aggregate.EventType.ToStringValue();
        var known = RuleFields.EventTypes.FirstOrDefault(t => t.Equals(typeName, StringComparison.OrdinalIgnoreCase));
        if (known is null)
        {
            Fail(At.Of(aggregate.EventType), $"Unknown event type '{typeName}'; use one of {string.Join(", ", RuleFields.EventTypes)}.");
            return null;
        }
        TrackedEventType? type = known == "ANY" ? null : Enum.GetValues<TrackedEventType>().First(t => RuleFields.Constant(t.ToString()) == known);
        if (type is { } one) EventTypes.Add(one);
        else foreach (var each in Enum.GetValues<TrackedEventType>()) EventTypes.Add(each);

        var window = MaxWindow;
        if (aggregate.Window is { } token)
        {
            var text = token.ToStringValue();
            var amount = int.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture);
            window = text[^1] switch { 'd' => TimeSpan.FromDays(amount), 'h' => TimeSpan.FromHours(amount), _ => TimeSpan.FromMinutes(amount) };
            if (window > MaxWindow || window <= TimeSpan.Zero)
            {
                Fail(At.Of(token), $"within must be more than 0 and at most {RuleFields.DefaultWindowDays}d (events are kept that long).");
                return null;
            }
        }
        if (EventWindow is null || window > EventWindow) EventWindow = window;
        var where = aggregate.Where is null ? null : Condition(aggregate.Where, RuleFields.Event, aggregates: false);
        var sum = aggregate.Sum;
        return c =>
        {
            var since = c.Now - window;
            double total = 0;
            foreach (var e in c.Facts.Events)
            {
                if ((type is null || e.Type == type) && e.Timestamp > since && (where is null || where(e)))
                    total += sum ? (double)(e.Value ?? 0) : 1;
            }
            return total;
        };
    }

    private bool TryNumber(Literal literal, string name, out double value)
    {
        if (literal.Value is decimal number)
        {
            value = (double)number;
            return true;
        }
        value = 0;
        Fail(literal.At, $"{name} is a number; {Show(literal)} is not.");
        return false;
    }

    private Func<T, bool> Fail<T>(At at, string message)
    {
        Fail(at, message);
        return Never<T>();
    }

    private void Fail(At at, string message) => errors.Add(new RuleError(at.Position, at.Line, at.Column, message));

    private static Func<T, bool> Never<T>() => _ => false;

    private static string Describe(Operand operand) => operand switch
    {
        FieldOperand f => f.Name,
        AffinityOperand a => $"affinity.{a.Dimension}[\"{a.Key}\"]",
        AggregateOperand g => g.Sum ? "sum(...)" : "count(...)",
        _ => "the value",
    };

    private static string Show(Literal literal) => literal.Value is string text && !literal.Bare ? $"\"{text}\"" : Convert.ToString(literal.Value, System.Globalization.CultureInfo.InvariantCulture)!;

    private static string Kind(ValueType type) => type switch { ValueType.Number => "a number", ValueType.Enum => "one of a set of values", _ => "text" };

    private static string Symbol(RuleToken op) => op switch
    {
        RuleToken.Less => "<", RuleToken.LessOrEqual => "<=", RuleToken.Greater => ">", RuleToken.GreaterOrEqual => ">=", RuleToken.Equal => "=", _ => "!=",
    };

    /// <summary>The known name nearest to a misspelt one (at most a third of its letters off), if any.</summary>
    private static string? Closest(string name, IEnumerable<string> known) =>
        known.Select(k => (Name: k, Distance: Distance(name.ToLowerInvariant(), k.Split('[')[0].ToLowerInvariant())))
            .Where(k => k.Distance <= Math.Max(2, name.Length / 3)).OrderBy(k => k.Distance).Select(k => k.Name).FirstOrDefault();

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
