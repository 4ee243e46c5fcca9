using System.Text.Json;
using System.Text.Json.Serialization;

namespace Marketplace.Api.Seeding;

// The seed format: a folder of JSON Lines files, one record a line, read as a stream.
//   manifest.json     SeedManifest
//   sellers.jsonl     SeedSeller
//   categories.jsonl  SeedCategory, parents before children
//   products.jsonl    SeedProduct, each with its options, variants and their offers (or, for a product of one
//                     variant, its gtin and offers at the top level)
// Money is written as decimal amounts in the manifest's currency.

public sealed record SeedManifest(string Name, string Currency, int Sellers, int Categories, int Products, int Offers, int? RandomSeed = null, int? Variants = null);

public sealed record SeedSeller(
    string Handle,
    string Name,
    string Status,
    decimal CommissionRate,
    string? ContactEmail = null,
    string? ContactPhone = null,
    string? Description = null,
    IReadOnlyList<SeedShippingRate>? ShippingRates = null);

public sealed record SeedShippingRate(string Name, string CountryCode, decimal Price, decimal? FreeOver = null, int? MinDays = null, int? MaxDays = null);

public sealed record SeedCategory(string Slug, string Name, string? Parent);

public sealed record SeedProduct(
    string Slug,
    string Title,
    string Category,
    string? Brand = null,
    string? Description = null,
    string? Gtin = null,
    IReadOnlyList<SeedAttribute>? Attributes = null,
    IReadOnlyList<SeedImage>? Images = null,
    IReadOnlyList<SeedOffer>? Offers = null,
    IReadOnlyList<SeedOption>? Options = null,
    IReadOnlyList<SeedVariant>? Variants = null);

/// <summary>An option of a product family and its values in the order a picker shows them.</summary>
public sealed record SeedOption(string Name, IReadOnlyList<string> Values);

/// <summary>
/// One variant of a family: its value for each of the product's options, written as an object
/// (<c>{"Size": "M", "Color": "Navy"}</c>) or a list of <c>{name, value}</c>, its GTIN and its sellers' offers.
/// </summary>
public sealed record SeedVariant(
    [property: JsonConverter(typeof(SeedSelectedOptionsConverter))] IReadOnlyList<SeedAttribute>? Options = null,
    string? Gtin = null,
    IReadOnlyList<SeedOffer>? Offers = null);

public sealed record SeedAttribute(string Name, string Value);

public sealed record SeedImage(string Url, string? Alt = null);

public sealed record SeedOffer(
    string Seller,
    string Sku,
    decimal Price,
    int Stock,
    decimal? CompareAtPrice = null,
    string Condition = "NEW",
    string Status = "ACTIVE");

/// <summary>Reads a variant's options from an object or a list of {name, value}; writes the object.</summary>
public sealed class SeedSelectedOptionsConverter : JsonConverter<IReadOnlyList<SeedAttribute>>
{
    public override IReadOnlyList<SeedAttribute>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartArray:
                return JsonSerializer.Deserialize<List<SeedAttribute>>(ref reader, options);
            case JsonTokenType.StartObject:
                var values = new List<SeedAttribute>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var name = reader.GetString()!;
                    reader.Read();
                    values.Add(new SeedAttribute(name, reader.TokenType == JsonTokenType.String
                        ? reader.GetString()!
                        : throw new JsonException($"The value of option '{name}' must be a string.")));
                }
                return values;
            default:
                throw new JsonException("A variant's options are an object of name: value or a list of {name, value}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<SeedAttribute> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var option in value) writer.WriteString(option.Name, option.Value);
        writer.WriteEndObject();
    }
}

public static class SeedFiles
{
    public const string Manifest = "manifest.json";
    public const string Sellers = "sellers.jsonl";
    public const string Categories = "categories.jsonl";
    public const string Products = "products.jsonl";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static async IAsyncEnumerable<T> ReadLinesAsync<T>(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            T? record;
            try
            {
                record = JsonSerializer.Deserialize<T>(line, Json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber}: {e.Message}", e);
            }
            yield return record ?? throw new InvalidDataException($"{Path.GetFileName(path)} line {lineNumber} is null.");
        }
    }

    public static async Task WriteLinesAsync<T>(string path, IEnumerable<T> records, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(path);
        foreach (var record in records)
        {
            ct.ThrowIfCancellationRequested();
            await writer.WriteLineAsync(JsonSerializer.Serialize(record, Json));
        }
    }
}
