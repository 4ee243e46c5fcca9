using System.Text.Json;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Marketplace.Api.GraphQL;

/// <summary>The scalar JSONObject: any JSON object, taken as its JSON text (an event's free properties).</summary>
public sealed class JsonObjectGraphType : ScalarGraphType
{
    public JsonObjectGraphType()
    {
        Name = "JSONObject";
        Description = "Any JSON object, such as an event's free properties.";
    }

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLObjectValue obj => JsonSerializer.Serialize(ToObject(obj)),
        _ => ThrowLiteralConversionError(value, "Expected a JSON object."),
    };

    public override object? ParseValue(object? value) => value switch
    {
        null => null,
        string text => text,
        IDictionary<string, object?> obj => JsonSerializer.Serialize(obj),
        JsonElement { ValueKind: JsonValueKind.Object } element => element.GetRawText(),
        _ => ThrowValueConversionError(value),
    };

    public override object? Serialize(object? value) => value is string json ? JsonSerializer.Deserialize<JsonElement>(json) : value;

    private static object? ToObject(GraphQLValue value) => value switch
    {
        GraphQLObjectValue obj => (obj.Fields ?? []).ToDictionary(f => f.Name.StringValue, f => ToObject(f.Value)),
        GraphQLListValue list => (list.Values ?? []).Select(ToObject).ToList(),
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLIntValue i => decimal.Parse(i.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse(f.Value.Span, provider: System.Globalization.CultureInfo.InvariantCulture),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLEnumValue e => e.Name.StringValue,
        _ => null,
    };
}
