using GraphQL.Validation;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;

namespace Marketplace.Api.GraphQL.Limits;

/// <summary>
/// Introspection costs nothing against the budget, so its shape is limited instead: like graphql-js's
/// MaxIntrospectionDepthRule, fields/interfaces/possibleTypes/inputFields may nest at most three deep,
/// which every IDE's introspection query fits and a query that fans out a schema many times over does not.
/// </summary>
public sealed class IntrospectionDepthRule : ValidationRuleBase
{
    public const int MaxNesting = 3;

    private static readonly HashSet<string> Fanning = ["fields", "interfaces", "possibleTypes", "inputFields"];

    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context) =>
        new(new MatchingNodeVisitor<GraphQLOperationDefinition>((operation, ctx) =>
        {
            var fragments = ctx.Document.Definitions.OfType<GraphQLFragmentDefinition>()
                .GroupBy(f => f.FragmentName.Name.StringValue).ToDictionary(g => g.Key, g => g.First());
            var walk = new Walk(fragments);
            if (walk.Exceeds(operation.SelectionSet, inIntrospection: false, nesting: 0))
                ctx.ReportError(new LimitExceededError(ErrorCodes.MaxIntrospectionDepthExceeded,
                    $"Introspection nests fields, interfaces, possibleTypes or inputFields more than {MaxNesting} levels.", operation));
        }));

    private sealed class Walk(Dictionary<string, GraphQLFragmentDefinition> fragments)
    {
        // A fragment spread many times is walked once per state, so the walk stays linear in the document.
        private readonly Dictionary<(string, bool, int), bool> seen = [];

        public bool Exceeds(GraphQLSelectionSet set, bool inIntrospection, int nesting)
        {
            foreach (var selection in set.Selections)
            {
                var exceeds = selection switch
                {
                    GraphQLField field => ExceedsField(field, inIntrospection, nesting),
                    GraphQLInlineFragment inline => Exceeds(inline.SelectionSet, inIntrospection, nesting),
                    GraphQLFragmentSpread spread => ExceedsFragment(spread.FragmentName.Name.StringValue, inIntrospection, nesting),
                    _ => false,
                };
                if (exceeds) return true;
            }
            return false;
        }

        private bool ExceedsField(GraphQLField field, bool inIntrospection, int nesting)
        {
            var name = field.Name.StringValue;
            inIntrospection |= name is "__schema" or "__type";
            if (inIntrospection && Fanning.Contains(name) && ++nesting >= MaxNesting) return true;
            return field.SelectionSet is { } children && Exceeds(children, inIntrospection, nesting);
        }

        private bool ExceedsFragment(string name, bool inIntrospection, int nesting)
        {
            var key = (name, inIntrospection, nesting);
            if (seen.TryGetValue(key, out var known)) return known;
            seen[key] = false; // a cycle is reported by the spec rules; here it just ends the walk
            var exceeds = fragments.TryGetValue(name, out var fragment) && Exceeds(fragment.SelectionSet, inIntrospection, nesting);
            seen[key] = exceeds;
            return exceeds;
        }
    }
}
