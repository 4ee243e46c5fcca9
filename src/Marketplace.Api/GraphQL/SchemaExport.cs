using GraphQL;
using GraphQL.Types;
using GraphQL.Utilities;

namespace Marketplace.Api.GraphQL;

public static class SchemaExport
{
    /// <summary>The SDL as committed in schema/schema.graphql, with descriptions.</summary>
    public static string Print(ISchema schema) =>
        schema.Print(new PrintOptions { IncludeDescriptions = true, IncludeDeprecationReasons = true }).ReplaceLineEndings("\n").TrimEnd() + "\n";
}
