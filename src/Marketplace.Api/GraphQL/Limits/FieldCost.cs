using GraphQL;
using GraphQL.Builders;
using GraphQL.Execution;

namespace Marketplace.Api.GraphQL.Limits;

/// <summary>How a field's children are charged, read by <see cref="QueryCostRule"/>.</summary>
public static class FieldCost
{
    internal const string ItemsKey = "marketplace.cost.items";
    internal const string InputItemsKey = "marketplace.cost.inputItems";
    internal const string PerInputItemKey = "marketplace.cost.perInputItem";

    /// <summary>A list of at most <paramref name="items"/> entries: its children are charged that many times.</summary>
    public static FieldBuilder<TSource, TReturn> ListCost<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int items)
    {
        field.FieldType.WithMetadata(ItemsKey, items);
        return field;
    }

    /// <summary>A mutation whose payload echoes one result per input item (bulk rows): how many items its arguments hold.</summary>
    public static FieldBuilder<TSource, TReturn> CostInputItems<TSource, TReturn>(
        this FieldBuilder<TSource, TReturn> field, Func<IDictionary<string, ArgumentValue>?, int?> count)
    {
        field.FieldType.WithMetadata(InputItemsKey, count);
        return field;
    }

    /// <summary>The payload list with one entry per input item of the enclosing mutation.</summary>
    public static FieldBuilder<TSource, TReturn> CostPerInputItem<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int maxItems)
    {
        field.FieldType.WithMetadata(PerInputItemKey, maxItems);
        return field;
    }
}
