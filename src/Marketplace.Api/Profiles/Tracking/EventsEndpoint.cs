using GraphQL;
using System.Globalization;
using System.Text.Json;
using Marketplace.Api.GraphQL.Errors;
using Marketplace.Api.GraphQL.Transport;
using Marketplace.Api.Infrastructure.Auth;

namespace Marketplace.Api.Profiles.Tracking;

/// <summary>
/// POST /events: the track mutation for navigator.sendBeacon, which can send neither a GraphQL document nor headers.
/// The body is <c>{"visitorId": "...", "events": [...]}</c> (or just the array), any content type; the answer is
/// track's <c>{accepted, rejected}</c>.
/// </summary>
public static class EventsEndpoint
{
    public const string Path = "/events";

    public static void MapEventsEndpoint(this WebApplication app) => app.MapPost(Path, HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext http, EventIngestion ingestion, Viewer viewer, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(http.Request, EventIngestion.MaxCallBytes, ct);
        if (body is null)
            return Error(StatusCodes.Status413PayloadTooLarge, ErrorCodes.RequestTooLarge, $"The body is larger than {EventIngestion.MaxCallBytes / 1024} KB.");
        JsonElement root;
        try
        {
            root = JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, $"The body is not JSON: {e.Message}");
        }

        string? visitorId = null;
        var list = root;
        if (root.ValueKind == JsonValueKind.Object)
        {
            if (root.TryGetProperty("visitorId", out var visitor) && visitor.ValueKind == JsonValueKind.String) visitorId = visitor.GetString();
            if (!root.TryGetProperty("events", out list)) list = default;
        }
        if (list.ValueKind != JsonValueKind.Array)
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "Send {\"events\": [...]} or an array of events.");
        if (list.GetArrayLength() > EventIngestion.MaxEventsPerCall)
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, $"{list.GetArrayLength()} events sent; at most {EventIngestion.MaxEventsPerCall} a call.");
        if (visitorId is not null && !VisitorId.IsValid(visitorId))
            return Error(StatusCodes.Status400BadRequest, ErrorCodes.BadUserInput, "visitorId must be 8-64 letters, digits, '-' or '_'.");

        var events = list.EnumerateArray().Select(Read).ToList();
        var source = new EventSource(viewer.IsAuthenticated ? viewer.Subject : null, visitorId ?? VisitorId.Of(http));
        var result = await ingestion.TrackAsync(events, source, ct);
        return Results.Json(new
        {
            accepted = result.Accepted,
            rejected = result.Rejected.Select(r => new { index = r.Index, eventId = r.EventId, code = r.Code.ToString().ToConstantCase(), message = r.Message }),
        });
    }

    /// <summary>One event as sent; a field that cannot be read makes it a rejection, not a failed call.</summary>
    private static TrackEventInput Read(JsonElement element)
    {
        var input = new TrackEventInput { SizeBytes = System.Text.Encoding.UTF8.GetByteCount(element.GetRawText()) };
        if (element.ValueKind != JsonValueKind.Object)
        {
            input.Unreadable = "An event must be a JSON object.";
            return input;
        }
        foreach (var field in element.EnumerateObject())
        {
            var value = field.Value;
            if (value.ValueKind == JsonValueKind.Null) continue;
            try
            {
                switch (field.Name)
                {
                    case "eventId": input.EventId = Text(value); break;
                    case "type":
                        var type = Text(value);
                        if (Enum.TryParse<TrackedEventType>(type.Replace("_", ""), ignoreCase: true, out var parsed) && !type.All(char.IsDigit)) input.Type = parsed;
                        else input.UnknownType = type;
                        break;
                    case "timestamp": input.Timestamp = DateTimeOffset.Parse(Text(value), CultureInfo.InvariantCulture).UtcDateTime; break;
                    case "productId": input.ProductId = Id(value); break;
                    case "variantId": input.VariantId = Id(value); break;
                    case "orderId": input.OrderId = Id(value); break;
                    case "query": input.Query = Text(value); break;
                    case "requestId": input.RequestId = Text(value); break;
                    case "visitorId": input.VisitorId = Text(value); break;
                    case "resultCount": input.ResultCount = value.GetInt32(); break;
                    case "position": input.Position = value.GetInt32(); break;
                    case "value": input.Value = value.GetDecimal(); break;
                    case "properties": input.Properties = value.GetRawText(); break;
                }
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
            {
                input.Unreadable ??= $"{field.Name} cannot be read: {e.Message}";
            }
        }
        return input;
    }

    private static string Text(JsonElement value) => value.GetString() ?? throw new FormatException("expected a string.");

    private static string Id(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt64().ToString(CultureInfo.InvariantCulture) : Text(value);

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { errors = new[] { new { message, extensions = new { code } } } }, statusCode: status);
}
