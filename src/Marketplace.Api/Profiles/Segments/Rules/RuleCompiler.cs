using System.Globalization;
using Superpower.Model;

namespace Marketplace.Api.Profiles.Segments.Rules;

/// <summary>
/// Checks a parsed rule's names, operators and literals, collecting every problem, and turns it into closures so
/// matching a profile reads fields and compares without parsing, reflection or allocation.
/// </summary>
internal sealed class RuleCompiler
{
    public const int MaxConditions = 200;

    private readonly List<RuleError> errors = [];
    private readonly HashSet<TrackedEventType> eventTypes = [];
    private int conditions;

    public IReadOnlyList<RuleError> Errors => errors;
    public TimeSpan? EventWindow { get; private set; }
    public IReadOnlySet<TrackedEventType> EventTypes => eventTypes;

    public Func<ProfileFacts, DateTime, bool>? Compile(RuleNode root)
    {
        var predicate = Boolean(root, ProfileOperand);
        return errors.Count == 0 ? predicate : null;
    }

    public static RuleError Error(Position at, string message) => new(at.Absolute, at.Line, at.Column, message);

    private void Fail(Position at, string message) => errors.Add(Error(at, message));

    private Func<T, DateTime, bool> Boolean<T>(RuleNode node, Func<OperandNode, RuleField<T>?> operand)
    {
        switch (node)
        {
            case AndNode or OrNode:
                {
                    var isAnd = node is AndNode;
                    var parts = Flatten(node, isAnd).Select(n => Boolean(n, operand)).ToArray();
                    return isAnd ? All(parts) : Any(parts);
                }
            case NotNode negation:
                {
                    var inner = Boolean(negation.Operand, operand);
                    return (subject, now) => !inner(subject, now);
                }
            case ConditionNode condition:
                {
                    if (++conditions == MaxConditions + 1)
                        Fail(condition.Position, $"A rule may have at most {MaxConditions} conditions.");
                    var field = operand(condition.Operand);
                    if (field is null) return Never;
                    if (condition.Test is null)
                    {
                        Fail(condition.Position, $"{field.Name} is {field.TypeName}, not a condition; compare it, e.g. {Example(field)}.");
                        return Never;
                    }
                    return Test(field, condition.Test) ?? Never;
                }
            default:
                throw new InvalidOperationException($"Unexpected node {node.GetType().Name}.");
        }
    }

    private static IEnumerable<RuleNode> Flatten(RuleNode node, bool isAnd)
    {
        // Chains are left-deep ("a and b and c" is ((a and b) and c)): walk the left spine without recursion.
        var rights = new Stack<RuleNode>();
        while (true)
        {
            switch (node)
            {
                case AndNode both when isAnd:
                    rights.Push(both.Right);
                    node = both.Left;
                    continue;
                case OrNode either when !isAnd:
                    rights.Push(either.Right);
                    node = either.Left;
                    continue;
            }
            yield return node;
            while (rights.Count > 0) yield return rights.Pop();
            yield break;
        }
    }

    private static Func<T, DateTime, bool> All<T>(Func<T, DateTime, bool>[] parts) => (subject, now) =>
    {
        foreach (var part in parts)
            if (!part(subject, now)) return false;
        return true;
    };

    private static Func<T, DateTime, bool> Any<T>(Func<T, DateTime, bool>[] parts) => (subject, now) =>
    {
        foreach (var part in parts)
            if (part(subject, now)) return true;
        return false;
    };

    private static bool Never<T>(T subject, DateTime now) => false;

    private static string Example<T>(RuleField<T> field) => field switch
    {
        NumberField<T> => $"{field.Name} > 0",
        EnumField<T> e => $"{field.Name} = {e.Values[0]}",
        _ => $"{field.Name} = \"...\"",
    };

    private RuleField<ProfileFacts>? ProfileOperand(OperandNode node)
    {
        if (node is AggregateNode aggregate) return Aggregate(aggregate);
        var field = (FieldNode)node;
        if (RuleFields.AffinityDimensions.TryGetValue(field.Name, out var dimension))
        {
            if (field.Key is null)
            {
                Fail(field.Position, $"{field.Name} needs a key, e.g. {field.Name}[\"outdoor\"].");
                return null;
            }
            if (field.Key.Kind != LiteralKind.String)
            {
                Fail(field.Key.Position, $"The key of {field.Name} must be a string literal in double quotes, e.g. {field.Name}[\"{field.Key.Text}\"].");
                return null;
            }
            // Normalized once here, so Score's own normalizing returns the same string instead of allocating per match.
            var key = Affinities.Normalize(field.Key.Text);
            return new NumberField<ProfileFacts>($"{field.Name}[\"{field.Key.Text}\"]", (facts, _) => (decimal)facts.Affinities.Score(dimension, key));
        }
        if (!RuleFields.Profile.TryGetValue(field.Name, out var known))
        {
            Fail(field.Position, $"Unknown field \"{field.Name}\"{Suggest(field.Name, RuleFields.ProfileNames)}");
            return null;
        }
        if (field.Key is not null)
        {
            Fail(field.Key.Position, $"{known.Name} takes no [key]; only affinity.* fields do.");
            return null;
        }
        return known;
    }

    private RuleField<EventFact>? EventOperand(OperandNode node)
    {
        if (node is AggregateNode aggregate)
        {
            Fail(aggregate.Position, "count() and sum() cannot be used inside where; where tests one event's fields.");
            return null;
        }
        var field = (FieldNode)node;
        if (!RuleFields.Event.TryGetValue(field.Name, out var known))
        {
            var hint = Suggest(field.Name, [.. RuleFields.Event.Keys]);
            Fail(field.Position, hint.Length > 1
                ? $"Unknown event field \"{field.Name}\"{hint}"
                : $"Unknown event field \"{field.Name}\"; inside where use {string.Join(", ", RuleFields.Event.Keys)}.");
            return null;
        }
        if (field.Key is not null)
        {
            Fail(field.Key.Position, $"{known.Name} takes no [key].");
            return null;
        }
        return known;
    }

    private NumberField<ProfileFacts>? Aggregate(AggregateNode node)
    {
        var name = node.IsSum ? "sum" : "count";
        TrackedEventType? type = null;
        var typeIndex = RuleFields.EventTypes.ToList().FindIndex(t => t.Equals(node.EventType, StringComparison.OrdinalIgnoreCase));
        if (typeIndex >= 0)
        {
            type = Enum.GetValues<TrackedEventType>()[typeIndex];
            eventTypes.Add(type.Value);
        }
        else if (node.EventType.Equals("ANY", StringComparison.OrdinalIgnoreCase))
            eventTypes.UnionWith(Enum.GetValues<TrackedEventType>());
        else
            Fail(node.EventTypePosition, $"Unknown event type \"{node.EventType}\"; expected one of {string.Join(", ", RuleFields.EventTypes)}, ANY.");

        var window = RuleFields.EventRetention;
        if (node.Window is { } text && Window(text, node.WindowPosition) is { } parsed) window = parsed;
        if (window > (EventWindow ?? TimeSpan.Zero)) EventWindow = window;

        var where = node.Where is null ? null : Boolean<EventFact>(node.Where, EventOperand);
        var label = $"{name}({node.EventType})";
        return node.IsSum
            ? new NumberField<ProfileFacts>(label, (facts, now) => SumEvents(facts.Events, type, now - window, where, now))
            : new NumberField<ProfileFacts>(label, (facts, now) => CountEvents(facts.Events, type, now - window, where, now));
    }

    private TimeSpan? Window(string text, Position at)
    {
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        var unit = text[digits..];
        if (!int.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            Fail(at, $"The window {text} is too large.");
            return null;
        }
        TimeSpan? window = unit.ToLowerInvariant() switch
        {
            "d" => TimeSpan.FromDays(amount),
            "h" => TimeSpan.FromHours(amount),
            "m" => TimeSpan.FromMinutes(amount),
            _ => null,
        };
        if (window is null)
            Fail(at, $"Unknown window unit \"{unit}\" in {text}; use d (days), h (hours) or m (minutes), e.g. 90d.");
        else if (window > RuleFields.EventRetention)
        {
            Fail(at, $"The window {text} is longer than the {RuleFields.EventRetention.TotalDays:0}-day event retention.");
            return null;
        }
        return window;
    }

    // Plain loops over the list's indexer: no enumerator or LINQ allocation per profile.
    private static decimal? CountEvents(IReadOnlyList<EventFact> events, TrackedEventType? type, DateTime after, Func<EventFact, DateTime, bool>? where, DateTime now)
    {
        var count = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if ((type is null || e.Type == type) && e.Timestamp > after && (where is null || where(e, now))) count++;
        }
        return count;
    }

    private static decimal? SumEvents(IReadOnlyList<EventFact> events, TrackedEventType? type, DateTime after, Func<EventFact, DateTime, bool>? where, DateTime now)
    {
        var sum = 0m;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if ((type is null || e.Type == type) && e.Timestamp > after && (where is null || where(e, now))) sum += e.Value ?? 0;
        }
        return sum;
    }

    private Func<T, DateTime, bool>? Test<T>(RuleField<T> field, TestNode test)
    {
        if (test.Op is RuleOp.IsSet or RuleOp.IsNotSet) return IsSet(field, test.Op == RuleOp.IsSet);
        return field switch
        {
            StringField<T> text => StringTest(text, test),
            NumberField<T> number => NumberTest(number, test),
            EnumField<T> choice => EnumTest(choice, test),
            _ => null,
        };
    }

    private static Func<T, DateTime, bool> IsSet<T>(RuleField<T> field, bool set) => field switch
    {
        StringField<T> text => (subject, _) => text.Get(subject) is not null == set,
        NumberField<T> number => (subject, now) => number.Get(subject, now) is not null == set,
        EnumField<T> choice => (subject, _) => choice.Get(subject) is not null == set,
        _ => throw new InvalidOperationException(),
    };

    private static readonly RuleOp[] StringOps = [RuleOp.Equal, RuleOp.NotEqual, RuleOp.In, RuleOp.NotIn, RuleOp.Contains];
    private static readonly RuleOp[] NumberOps = [RuleOp.Equal, RuleOp.NotEqual, RuleOp.Less, RuleOp.LessOrEqual, RuleOp.Greater, RuleOp.GreaterOrEqual, RuleOp.In, RuleOp.NotIn, RuleOp.Between];
    private static readonly RuleOp[] EnumOps = [RuleOp.Equal, RuleOp.NotEqual, RuleOp.In, RuleOp.NotIn];

    private bool Allowed<T>(RuleField<T> field, TestNode test, RuleOp[] ops)
    {
        if (ops.Contains(test.Op)) return true;
        Fail(test.Position, $"Operator {Symbol(test.Op)} does not apply to {field.Name} ({field.TypeName}); use {string.Join(", ", ops.Select(Symbol))}, is set or is not set.");
        return false;
    }

    private static string Symbol(RuleOp op) => op switch
    {
        RuleOp.Equal => "=",
        RuleOp.NotEqual => "!=",
        RuleOp.Less => "<",
        RuleOp.LessOrEqual => "<=",
        RuleOp.Greater => ">",
        RuleOp.GreaterOrEqual => ">=",
        RuleOp.In => "in",
        RuleOp.NotIn => "not in",
        RuleOp.Between => "between",
        RuleOp.Contains => "contains",
        RuleOp.IsSet => "is set",
        _ => "is not set",
    };

    private Func<T, DateTime, bool>? StringTest<T>(StringField<T> field, TestNode test)
    {
        if (!Allowed(field, test, StringOps)) return null;
        var values = new string[test.Values.Count];
        var ok = true;
        for (var i = 0; i < values.Length; i++)
        {
            var literal = test.Values[i];
            if (literal.Kind == LiteralKind.String) values[i] = literal.Text;
            else
            {
                Fail(literal.Position, $"{field.Name} is a string; write the value in double quotes: \"{literal.Text}\".");
                ok = false;
            }
        }
        if (!ok) return null;
        var get = field.Get;
        var matches = field.Matches;
        var first = values[0];
        return test.Op switch
        {
            RuleOp.Equal => (subject, _) => get(subject) is { } v && matches(v, first),
            RuleOp.NotEqual => (subject, _) => get(subject) is not { } v || !matches(v, first),
            RuleOp.In => (subject, _) => get(subject) is { } v && MatchesAny(v, values, matches),
            RuleOp.NotIn => (subject, _) => get(subject) is not { } v || !MatchesAny(v, values, matches),
            _ => (subject, _) => get(subject) is { } v && v.Contains(first, StringComparison.OrdinalIgnoreCase),
        };
    }

    private static bool MatchesAny(string value, string[] literals, Func<string, string, bool> matches)
    {
        foreach (var literal in literals)
            if (matches(value, literal)) return true;
        return false;
    }

    private Func<T, DateTime, bool>? NumberTest<T>(NumberField<T> field, TestNode test)
    {
        if (!Allowed(field, test, NumberOps)) return null;
        var values = new decimal[test.Values.Count];
        var ok = true;
        for (var i = 0; i < values.Length; i++)
        {
            var literal = test.Values[i];
            if (literal.Kind != LiteralKind.Number)
            {
                var shown = literal.Kind == LiteralKind.String ? $"\"{literal.Text}\"" : literal.Text;
                Fail(literal.Position, $"{field.Name} is a number; {shown} is not a number.");
                ok = false;
            }
            else if (!decimal.TryParse(literal.Text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out values[i]))
            {
                Fail(literal.Position, $"The number {literal.Text} is out of range.");
                ok = false;
            }
        }
        if (!ok) return null;
        if (test.Op == RuleOp.Between && values[0] > values[1])
        {
            Fail(test.Values[0].Position, $"between {values[0]} and {values[1]} matches nothing; write the lower bound first.");
            return null;
        }
        var get = field.Get;
        var first = values[0];
        return test.Op switch
        {
            RuleOp.Equal => (subject, now) => get(subject, now) == first,
            RuleOp.NotEqual => (subject, now) => get(subject, now) != first,
            RuleOp.Less => (subject, now) => get(subject, now) < first,
            RuleOp.LessOrEqual => (subject, now) => get(subject, now) <= first,
            RuleOp.Greater => (subject, now) => get(subject, now) > first,
            RuleOp.GreaterOrEqual => (subject, now) => get(subject, now) >= first,
            RuleOp.In => (subject, now) => get(subject, now) is { } v && Array.IndexOf(values, v) >= 0,
            RuleOp.NotIn => (subject, now) => get(subject, now) is not { } v || Array.IndexOf(values, v) < 0,
            _ => (subject, now) => get(subject, now) is { } v && v >= first && v <= values[1],
        };
    }

    private Func<T, DateTime, bool>? EnumTest<T>(EnumField<T> field, TestNode test)
    {
        if (!Allowed(field, test, EnumOps)) return null;
        var values = new int[test.Values.Count];
        var ok = true;
        for (var i = 0; i < values.Length; i++)
        {
            var literal = test.Values[i];
            var index = literal.Kind == LiteralKind.Number ? -1 : IndexIgnoringCase(field.Values, literal.Text);
            if (index < 0)
            {
                Fail(literal.Position, $"Unknown {field.Name} value {(literal.Kind == LiteralKind.String ? $"\"{literal.Text}\"" : literal.Text)}; expected one of {string.Join(", ", field.Values)}.");
                ok = false;
            }
            values[i] = index;
        }
        if (!ok) return null;
        var get = field.Get;
        var first = values[0];
        return test.Op switch
        {
            RuleOp.Equal => (subject, _) => get(subject) == first,
            RuleOp.NotEqual => (subject, _) => get(subject) != first,
            RuleOp.In => (subject, _) => get(subject) is { } v && Array.IndexOf(values, v) >= 0,
            _ => (subject, _) => get(subject) is not { } v || Array.IndexOf(values, v) < 0,
        };
    }

    private static int IndexIgnoringCase(IReadOnlyList<string> values, string text)
    {
        for (var i = 0; i < values.Count; i++)
            if (values[i].Equals(text, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>"; did you mean traits.country?" when a known name is a few edits away, else ".".</summary>
    private static string Suggest(string name, IReadOnlyList<string> known)
    {
        var best = known.MinBy(k => Distance(name.ToLowerInvariant(), k.ToLowerInvariant()))!;
        return Distance(name.ToLowerInvariant(), best.ToLowerInvariant()) <= Math.Max(2, name.Length / 3) ? $"; did you mean {best}?" : ".";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
