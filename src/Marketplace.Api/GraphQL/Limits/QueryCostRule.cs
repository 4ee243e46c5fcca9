using GraphQL;
using GraphQL.Execution;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL.Limits;

/// <summary>
/// The cost and depth of the operation, reported in <c>extensions.cost</c> and checked against the limits.
/// As Shopify's and GitHub's: each object costs 1 and scalars are free; a connection's edges and nodes multiply their
/// children by its page size, other lists by their page size or declared maximum; each value in a list argument costs 1; <c>__schema</c> costs <see cref="GraphQLLimitsOptions.SchemaIntrospectionCost"/>. Each fragment is walked once and its cost reused,
/// so the time taken is linear in the document however often fragments are spread.
/// </summary>
public sealed class QueryCostRule(IOptions<GraphQLLimitsOptions> options) : ValidationRuleBase
{
    /// <summary>
    /// How deep an operation asking only for introspection may go: the IDE's (GraphiQL's) introspection
    /// query is 15 levels deep, as its TypeRef fragment nests ofType nine times.
    /// </summary>
    public const int IntrospectionMaxDepth = 15;

    public override ValueTask<INodeVisitor?> GetPostNodeVisitorAsync(ValidationContext context)
    {
        var limits = options.Value;
        var operation = context.Operation;
        var root = operation.Operation switch
        {
            OperationType.Mutation => context.Schema.Mutation,
            OperationType.Subscription => context.Schema.Subscription,
            _ => context.Schema.Query,
        };
        if (root is null) return default;

        var (cost, depth) = new Walk(context, limits).SelectionSet(operation.SelectionSet, root, inIntrospection: false, items: null);
        if (context.UserContext.TryGetValue(QueryCost.UserContextKey, out var value) && value is QueryCost report)
        {
            report.RequestedQueryCost = cost;
            report.Depth = depth;
        }
        var maxDepth = IsIntrospectionOnly(operation) ? Math.Max(limits.MaxDepth, IntrospectionMaxDepth) : limits.MaxDepth;
        if (depth > maxDepth)
            context.ReportError(new LimitExceededError(ErrorCodes.MaxDepthExceeded,
                $"The query is {depth} levels deep; the most allowed is {maxDepth}.", operation));
        else if (cost > limits.MaxCost)
            context.ReportError(new LimitExceededError(ErrorCodes.MaxCostExceeded,
                $"The query costs {cost:0}; the most allowed is {limits.MaxCost}. Ask for smaller pages (first/last) or fewer nested lists.", operation));
        return default;
    }

    private static bool IsIntrospectionOnly(GraphQLOperationDefinition operation) =>
        operation.SelectionSet.Selections.All(s => s is GraphQLField field && field.Name.StringValue.StartsWith("__", StringComparison.Ordinal));

    private sealed class Walk(ValidationContext context, GraphQLLimitsOptions limits)
    {
        private readonly Dictionary<(string, bool, int?), (double Cost, int Depth)> fragments = [];
        private readonly Dictionary<string, GraphQLFragmentDefinition> definitions = context.Document.Definitions
            .OfType<GraphQLFragmentDefinition>()
            .GroupBy(f => f.FragmentName.Name.StringValue)
            .ToDictionary(g => g.Key, g => g.First());

        public (double Cost, int Depth) SelectionSet(GraphQLSelectionSet set, IGraphType parent, bool inIntrospection, int? items)
        {
            double cost = 0;
            var depth = 0;
            foreach (var selection in set.Selections)
            {
                var (c, d) = selection switch
                {
                    GraphQLField field => Field(field, parent, inIntrospection, items),
                    GraphQLInlineFragment inline => SelectionSet(inline.SelectionSet, TypeOf(inline.TypeCondition) ?? parent, inIntrospection, items),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue, inIntrospection, items),
                    _ => (0, 0),
                };
                cost += c;
                depth = Math.Max(depth, d);
            }
            return (cost, depth);
        }

        private (double, int) Fragment(string name, bool inIntrospection, int? items)
        {
            var key = (name, inIntrospection, items);
            if (fragments.TryGetValue(key, out var known)) return known;
            fragments[key] = (0, 0); // a cycle is reported by the spec rules; here it just ends the walk
            if (!definitions.TryGetValue(name, out var fragment) || TypeOf(fragment.TypeCondition) is not { } type) return (0, 0);
            return fragments[key] = SelectionSet(fragment.SelectionSet, type, inIntrospection, items);
        }

        private (double, int) Field(GraphQLField field, IGraphType parent, bool inIntrospection, int? items)
        {
            var name = field.Name.StringValue;
            var definition = name switch
            {
                "__schema" => context.Schema.SchemaMetaFieldType,
                "__type" => context.Schema.TypeMetaFieldType,
                "__typename" => context.Schema.TypeNameMetaFieldType,
                _ => (parent.GetNamedType() as IComplexGraphType)?.GetField(name),
            };
            if (definition?.ResolvedType is not { } type || field.SelectionSet is not { } children) return (0, 1);

            // Each value in a list argument becomes a SQL parameter or a row to check, so it costs 1.
            double own = 1 + (field.Arguments?.Sum(argument => ListValues(argument.Value)) ?? 0);
            if (name == "__schema")
            {
                own = limits.SchemaIntrospectionCost;
                inIntrospection = true;
            }
            inIntrospection |= name == "__type";
            if (definition.GetMetadata<Func<IDictionary<string, ArgumentValue>?, int?>?>(FieldCost.ItemsFromArgumentsKey) is { } countItems)
                items = countItems(Arguments(field));
            else if (IsConnection(definition, type))
                items = PageSize(field, definition);

            var (childCost, childDepth) = SelectionSet(children, type.GetNamedType(), inIntrospection, items);
            // Introspection is charged per __schema; its lists are counted once.
            var multiplier = inIntrospection ? 1 : Multiplier(field, definition, type, items);
            return (own + multiplier * childCost, childDepth + 1);
        }

        private double Multiplier(GraphQLField field, FieldType definition, IGraphType type, int? items)
        {
            if (definition.GetMetadata<int?>(FieldCost.PerItemKey) is { } maxItems)
                return Math.Min(items ?? maxItems, maxItems);
            if (definition.GetMetadata<int?>(FieldCost.ItemsKey) is { } declared)
                return declared;
            if (IsConnection(definition, type))
                return 1; // its edges and nodes carry the page size
            if (definition.Arguments?.Find("first") is not null)
                return PageSize(field, definition);
            return IsList(type) ? limits.DefaultPageSize : 1;
        }

        /// <summary>The values in lists, however deep in input objects, written in the document or sent as variables.</summary>
        private int ListValues(GraphQLValue value) => value switch
        {
            GraphQLVariable variable => context.Variables.TryGetValue(variable.Name.StringValue, out var sent) ? SentListValues(sent, inList: false) : 0,
            GraphQLListValue list => list.Values?.Sum(item => item is GraphQLObjectValue ? ListValues(item) : 1) ?? 0,
            GraphQLObjectValue inputObject => inputObject.Fields?.Sum(f => ListValues(f.Value)) ?? 0,
            _ => 0,
        };

        private static int SentListValues(object? value, bool inList) => value switch
        {
            IDictionary<string, object?> inputObject => inputObject.Values.Sum(v => SentListValues(v, inList: false)),
            System.Collections.IEnumerable list and not string => list.Cast<object?>().Sum(item => SentListValues(item, inList: true)),
            _ => inList ? 1 : 0,
        };

        private static bool IsList(IGraphType type) => (type is NonNullGraphType nonNull ? nonNull.ResolvedType : type) is ListGraphType;

        private static bool IsConnection(FieldType definition, IGraphType type) => definition.Arguments?.Find("first") is not null && !IsList(type);

        private int PageSize(GraphQLField field, FieldType definition)
        {
            var arguments = Arguments(field);
            var size = PageSize(arguments, "first") ?? PageSize(arguments, "last")
                ?? (definition.Arguments?.Find("first")?.DefaultValue is int defaultSize ? defaultSize : limits.DefaultPageSize);
            return Math.Clamp(size, 0, limits.MaxPageSize);
        }

        private IDictionary<string, ArgumentValue>? Arguments(GraphQLField field) =>
            context.ArgumentValues?.TryGetValue(field, out var arguments) == true ? arguments : null;

        private static int? PageSize(IDictionary<string, ArgumentValue>? arguments, string name) =>
            arguments?.TryGetValue(name, out var value) == true && value.Value is int size ? size : null;

        private IGraphType? TypeOf(GraphQLTypeCondition? condition) =>
            condition is null ? null : context.Schema.AllTypes[condition.Type.Name.StringValue];
    }
}
