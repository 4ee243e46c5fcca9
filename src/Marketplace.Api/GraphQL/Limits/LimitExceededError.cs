using GraphQL.Validation;
using GraphQLParser.AST;

namespace Marketplace.Api.GraphQL.Limits;

public sealed class LimitExceededError(string limitCode, string message, params ASTNode[] nodes)
    : ValidationError(default, limitCode, message, nodes)
{
    public string LimitCode { get; } = limitCode;
}
