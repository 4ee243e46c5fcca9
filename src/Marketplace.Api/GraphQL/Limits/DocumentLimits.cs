using GraphQLParser;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;

namespace Marketplace.Api.GraphQL.Limits;

public sealed record DocumentRefusal(string Code, string Message);

/// <summary>
/// Limits checked before validation: tokens while lexing, then fields, fragment spreads and directives as written
/// (fragments are not expanded), so every later step works on a document of bounded size.
/// </summary>
public static class DocumentLimits
{
    /// <summary>Stops lexing at the first token over the limit; a lexing error is left for the parser to report.</summary>
    public static DocumentRefusal? CheckTokens(string query, int maxTokens)
    {
        var count = 0;
        var position = 0;
        try
        {
            while (true)
            {
                var token = Lexer.Lex(query, position);
                if (token.Kind == TokenKind.EOF) return null;
                if (++count > maxTokens)
                    return new(ErrorCodes.MaxTokensExceeded, $"The document has more than {maxTokens} tokens.");
                position = token.End;
            }
        }
        catch (GraphQLParser.Exceptions.GraphQLParserException)
        {
            return null;
        }
    }

    public static GraphQLDocument Parse(string query, int maxDepth) =>
        Parser.Parse(query, new ParserOptions { MaxDepth = maxDepth, Ignore = IgnoreOptions.Comments });

    public static DocumentRefusal? CheckShape(GraphQLDocument document, GraphQLLimitsOptions limits)
    {
        var count = new Counts();
        foreach (var definition in document.Definitions)
        {
            switch (definition)
            {
                case GraphQLOperationDefinition operation:
                    count.Directives(operation.Directives);
                    foreach (var variable in operation.Variables?.Items ?? [])
                        count.Directives(variable.Directives);
                    count.Selections(operation.SelectionSet);
                    break;
                case GraphQLFragmentDefinition fragment:
                    count.Directives(fragment.Directives);
                    count.Selections(fragment.SelectionSet);
                    break;
            }
        }
        if (count.FieldCount > limits.MaxFields)
            return new(ErrorCodes.MaxFieldsExceeded, $"The document selects {count.FieldCount} fields; the most allowed is {limits.MaxFields}.");
        if (count.SpreadCount > limits.MaxFragmentSpreads)
            return new(ErrorCodes.MaxFragmentSpreadsExceeded, $"The document has {count.SpreadCount} fragment spreads; the most allowed is {limits.MaxFragmentSpreads}.");
        if (count.DirectiveCount > limits.MaxDirectives)
            return new(ErrorCodes.MaxDirectivesExceeded, $"The document has {count.DirectiveCount} directives; the most allowed is {limits.MaxDirectives}.");
        return null;
    }

    private sealed class Counts
    {
        public int FieldCount { get; private set; }
        public int SpreadCount { get; private set; }
        public int DirectiveCount { get; private set; }

        public void Directives(GraphQLDirectives? directives) => DirectiveCount += directives?.Count ?? 0;

        // Recursion is bounded by the parser's depth limit.
        public void Selections(GraphQLSelectionSet? set)
        {
            if (set is null) return;
            foreach (var selection in set.Selections)
            {
                switch (selection)
                {
                    case GraphQLField field:
                        FieldCount++;
                        Directives(field.Directives);
                        Selections(field.SelectionSet);
                        break;
                    case GraphQLFragmentSpread spread:
                        SpreadCount++;
                        Directives(spread.Directives);
                        break;
                    case GraphQLInlineFragment inline:
                        Directives(inline.Directives);
                        Selections(inline.SelectionSet);
                        break;
                }
            }
        }
    }
}
