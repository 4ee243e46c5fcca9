using Marketplace.Api.Search;
using Marketplace.Api.Search.Elasticsearch;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Tests.Search.Elasticsearch;

public static class ElasticsearchTestEngines
{
    public static readonly DateTimeOffset Now = new(2026, 3, 14, 9, 26, 53, 589, TimeSpan.Zero);

    public static readonly SearchSynonyms Synonyms = new(["tee, t-shirt, tshirt", "pants, trousers"]);

    public static PriceRanges PriceRanges => new([25, 50, 100, 200, 500], "USD");

    /// <summary>An engine whose client is made the production way, pointed at <paramref name="url"/>, with the clock stopped.</summary>
    public static ElasticsearchSearchEngine Create(string url, string indexPrefix = "test", TimeProvider? time = null)
    {
        var options = new SearchOptions
        {
            Engine = SearchEngineKind.Elasticsearch,
            Elasticsearch = new ElasticsearchOptions { Url = url, IndexPrefix = indexPrefix },
        };
        return new ElasticsearchSearchEngine(
            options.Elasticsearch.CreateClient(),
            Options.Create(options),
            PriceRanges,
            Synonyms,
            NullLogger<ElasticsearchSearchEngine>.Instance,
            time ?? new StoppedClock(Now));
    }

    public sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    public static ProductDocument Shirt => new()
    {
        ProductId = 42,
        Title = "Oxford Shirt",
        Description = "A crisp cotton shirt for work & weekends.",
        Brand = "Acme",
        Categories = [new(1, "clothing", "Clothing"), new(7, "clothing-shirts", "Shirts")],
        Attributes = [new("gender", "Women"), new("material", "Cotton")],
        OptionValues = [new("Size", "M", Available: true), new("Size", "L", Available: false), new("Color", "Blue", Available: true)],
        PriceMinor = 3999,
        MaxPriceMinor = 4599,
        InStock = true,
        Sellers = [new(3, "Northwind", "Northwind Traders")],
        OfferCount = 2,
        Popularity = 12.5,
        CreatedAt = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
    };

    public static ProductDocument Trousers => new()
    {
        ProductId = 43,
        Title = "Chino Trousers",
        Brand = "Zenith",
        Categories = [new(1, "clothing", "Clothing"), new(8, "clothing-trousers", "Trousers")],
        Attributes = [],
        OptionValues = [new("Size", "32", Available: true)],
        PriceMinor = 5500,
        MaxPriceMinor = 5500,
        InStock = true,
        Sellers = [new(4, "contoso", "Contoso")],
        OfferCount = 1,
        Popularity = 0,
        CreatedAt = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc),
    };
}
