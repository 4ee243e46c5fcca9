using GraphQL.Validation;
using GraphQLParser.AST;
using Marketplace.Api.GraphQL.Errors;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.GraphQL.Limits;

/// <summary>Refuses documents that alias the same work many times over (alias-based amplification).</summary>
public sealed class MaxAliasesRule(IOptions<GraphQLLimitsOptions> options) : ValidationRuleBase
{
    public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
    {
        var max = options.Value.MaxAliases;
        var count = 0;
        return new(new MatchingNodeVisitor<GraphQLField>((field, ctx) =>
        {
            if (field.Alias is null || ++count != max + 1) return;
            ctx.ReportError(new LimitExceededError(ErrorCodes.MaxAliasesExceeded,
                $"The document uses more than {max} aliases.", field));
        }));
    }
}
