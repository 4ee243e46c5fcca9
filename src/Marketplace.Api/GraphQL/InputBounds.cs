using System.Collections;
using GraphQL.Builders;
using GraphQL.Types;
using Marketplace.Api.GraphQL.Errors;

namespace Marketplace.Api.GraphQL;

/// <summary>
/// Maximum lengths and amounts declared on the graph types, so that GraphQL validation refuses oversized input
/// (BAD_USER_INPUT naming the field and its limit) before any resolver runs or any SQL is built.
/// </summary>
public static class InputBounds
{
    // Field names are read when a value is checked: expression fields are camel-cased only when the schema initialises.
    public static FieldBuilder<TSource, TReturn> MaxLength<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int max)
    {
        var type = field.FieldType;
        type.Description = Append(type.Description, $"At most {max} characters.");
        return field.Validate(value => CheckString(type.Name, value, max));
    }

    /// <summary>A list of at most <paramref name="max"/> items, each string item at most <paramref name="maxItemLength"/> characters.</summary>
    public static FieldBuilder<TSource, TReturn> MaxItems<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int max, int? maxItemLength = null)
    {
        var type = field.FieldType;
        type.Description = Append(type.Description, Rule(max, maxItemLength));
        return field.Validate(value => CheckList(type.Name, value, max, maxItemLength));
    }

    public static void MaxLength(this QueryArgument argument, int max)
    {
        var name = argument.Name;
        argument.Description = Append(argument.Description, $"At most {max} characters.");
        argument.Validator += value => CheckString(name, value, max);
    }

    public static void MaxItems(this QueryArgument argument, int max, int? maxItemLength = null)
    {
        var name = argument.Name;
        argument.Description = Append(argument.Description, Rule(max, maxItemLength));
        argument.Validator += value => CheckList(name, value, max, maxItemLength);
    }

    /// <summary>An amount the model can hold (see <see cref="Data.Limits.MaxAmount"/>), so no arithmetic on it overflows.</summary>
    public static FieldBuilder<TSource, TReturn> Amount<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field)
    {
        var type = field.FieldType;
        return field.Validate(value =>
        {
            if (value is decimal amount && Math.Abs(amount) > Data.Limits.MaxAmount)
                throw ApiErrors.BadUserInput($"{type.Name} must be between -{Data.Limits.MaxAmount} and {Data.Limits.MaxAmount}.");
        });
    }

    private static string Rule(int max, int? maxItemLength) =>
        maxItemLength is { } length ? $"At most {max} items of at most {length} characters." : $"At most {max} items.";

    private static void CheckString(string name, object? value, int max)
    {
        if (value is string text && text.Length > max)
            throw ApiErrors.BadUserInput($"{name} is {text.Length} characters long; it takes at most {max}.");
    }

    private static void CheckList(string name, object? value, int max, int? maxItemLength)
    {
        if (value is not IEnumerable items || value is string) return;
        var count = 0;
        foreach (var item in items)
        {
            if (++count > max)
                throw ApiErrors.BadUserInput($"{name} takes at most {max} items.");
            if (maxItemLength is { } length && item is string text && text.Length > length)
                throw ApiErrors.BadUserInput($"{name} has an item {text.Length} characters long; items take at most {length}.");
        }
    }

    private static string Append(string? description, string rule) => description is { Length: > 0 } ? $"{description} {rule}" : rule;
}
