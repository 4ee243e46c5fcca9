using GraphQL;
using GraphQL.Builders;
using GraphQL.Execution;

namespace Marketplace.Api.GraphQL.Limits;

/// <summary>How a field's children are charged, read by <see cref="QueryCostRule"/>.</summary>
public static class FieldCost
{
    internal const string ItemsKey = "marketplace.cost.items";
    internal const string ItemsFromArgumentsKey = "marketplace.cost.itemsFromArguments";
    internal const string PerItemKey = "marketplace.cost.perItem";

    /// <summary>A list of at most <paramref name="items"/> entries: its children are charged that many times.</summary>
    public static FieldBuilder<TSource, TReturn> ListCost<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int items)
    {
        field.FieldType.WithMetadata(ItemsKey, items);
        return field;
    }

    /// <summary>
    /// A field whose result holds one entry per item of its arguments (a bulk mutation's rows); a connection's
    /// items are its page size without this.
    /// </summary>
    public static FieldBuilder<TSource, TReturn> CostItems<TSource, TReturn>(
        this FieldBuilder<TSource, TReturn> field, Func<IDictionary<string, ArgumentValue>?, int?> count)
    {
        field.FieldType.WithMetadata(ItemsFromArgumentsKey, count);
        return field;
    }

    /// <summary>The list holding the items of the nearest enclosing connection or bulk field (edges, nodes, rows).</summary>
    public static FieldBuilder<TSource, TReturn> CostPerItem<TSource, TReturn>(this FieldBuilder<TSource, TReturn> field, int maxItems)
    {
        field.FieldType.WithMetadata(PerItemKey, maxItems);
        return field;
    }
}
