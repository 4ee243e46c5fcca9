using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Profiles.Tracking;
using Marketplace.Api.Recommendations;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Recommendations;

/// <summary>The API with its outbox workers off: a test drains the purchase and signal topics itself, when it chooses.</summary>
public class RecommendationsApiFactory : MarketplaceApiFactory
{
    public RecommendationsApiFactory() { }

    protected RecommendationsApiFactory(MarketplaceApiFactory stopped) : base(stopped) { }

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Outbox:Enabled"] = "false",
        // Trends are read fresh: a test sends events and asks at once.
        ["Recommendations:TrendCacheSeconds"] = "0",
    };
}

public sealed record RecommendedItem(string ProductId, string Title, string Strategy, double Score, IReadOnlyList<(string Kind, string Key, double Weight)> Reasons);

public static class RecommendationsKit
{
    private const string Query = """
        query($placement: RecommendationPlacement!, $productId: ID, $first: Int) {
          recommendations(placement: $placement, productId: $productId, first: $first) {
            requestId placement items { product { id title } strategy score reasons { kind key weight } }
          }
        }
        """;

    public static Task<GraphQLResponse> RecommendationsResponseAsync(this HttpClient client, string placement, long? productId = null, int? first = null) =>
        client.PostGraphQLAsync(Query, new { placement, productId = productId is { } id ? OrderingGid(id) : null, first });

    public static async Task<IReadOnlyList<RecommendedItem>> RecommendationsAsync(this HttpClient client, string placement, long? productId = null, int first = 10)
    {
        var response = await client.RecommendationsResponseAsync(placement, productId, first);
        var result = response.DataOrFail()["recommendations"]!;
        Assert.Equal(placement, result["placement"]!.GetValue<string>());
        Assert.Matches("^r[01x]-[0-9a-f]{32}$", result["requestId"]!.GetValue<string>());
        return [.. result["items"]!.AsArray().Select(item => new RecommendedItem(
            item!["product"]!["id"]!.GetValue<string>(),
            item["product"]!["title"]!.GetValue<string>(),
            item["strategy"]!.GetValue<string>(),
            item["score"]!.GetValue<double>(),
            [.. item["reasons"]!.AsArray().Select(r => (r!["kind"]!.GetValue<string>(), r["key"]!.GetValue<string>(), r["weight"]!.GetValue<double>()))]))];
    }

    public static string OrderingGid(long productId) => $"gid://marketplace/Product/{productId}";

    /// <summary>The titles and strategies of a list, in order.</summary>
    public static (string Title, string Strategy)[] Shown(this IEnumerable<RecommendedItem> items) => [.. items.Select(i => (i.Title, i.Strategy))];

    /// <summary>Runs the purchase and co-occurrence topics until nothing is queued, as the API's workers would.</summary>
    public static async Task DrainSignalsAsync(this MarketplaceApiFactory api)
    {
        var handlers = api.Services.GetServices<IOutboxHandler>().ToDictionary(h => h.Topic);
        foreach (var topic in new[] { PurchaseRecorded.Topic, ProductSignals.Topic })
        {
            var worker = ActivatorUtilities.CreateInstance<OutboxWorker>(api.Services, handlers[topic]);
            while (await worker.DrainOnceAsync(CancellationToken.None) > 0) { }
        }
    }

    /// <summary>An order's outbox row as checkout writes it: one line per product, each from its first offer.</summary>
    public static async Task PlaceOrderAsync(this MarketplaceApiFactory api, long orderId, string buyer, params long[] productIds)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var offers = await db.Offers.Where(o => productIds.Contains(o.ProductId)).OrderBy(o => o.Id).ToListAsync();
        var lines = productIds.Select(id => offers.First(o => o.ProductId == id))
            .Select(o => new PurchasedLine(o.Id, o.ProductId, o.VariantId, 1, o.PriceMinor)).ToList();
        var now = DateTime.UtcNow;
        db.Add(Outbox.Message(PurchaseRecorded.Topic, new PurchaseRecorded(orderId, buyer, null, "USD", now, lines), now));
        await db.SaveChangesAsync();
    }
}

/// <summary>
/// A small catalog of its own inside the demo marketplace: categories, sellers and products whose slugs, handles and
/// brands carry the test's tag, so nothing else in the database is like them.
/// </summary>
public sealed class Shop(MarketplaceApiFactory api, string tag)
{
    private readonly Dictionary<string, int> categories = [];
    private readonly Dictionary<string, long> sellers = [];
    public Dictionary<string, long> Products { get; } = [];

    public long this[string title] => Products[title];

    public async Task<Shop> CategoryAsync(string name, string? parent = null)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var parentCategory = parent is null ? null : await db.Categories.SingleAsync(c => c.Id == categories[parent]);
        var category = new Category { Slug = $"{tag}-{name}", Name = name, ParentId = parentCategory?.Id, Depth = (parentCategory?.Depth ?? -1) + 1 };
        db.Categories.Add(category);
        await db.SaveChangesAsync();
        category.Path = $"{parentCategory?.Path ?? "/"}{category.Id}/";
        await db.SaveChangesAsync();
        categories[name] = category.Id;
        return this;
    }

    public async Task<Shop> SellerAsync(string name)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var seller = new Seller { Handle = $"{tag}-{name}", Name = name, Status = SellerStatus.Active, CommissionBps = 1000, CreatedAt = DateTime.UtcNow };
        db.Sellers.Add(seller);
        await db.SaveChangesAsync();
        sellers[name] = seller.Id;
        return this;
    }

    public async Task<long> ProductAsync(
        string title, string category, string seller, decimal price, string? brand = null, string? gender = null, int stock = 10,
        string? description = null, params (string Name, string Value)[] attributes)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var now = DateTime.UtcNow;
        var product = new Product
        {
            Slug = $"{tag}-{Products.Count}-{title.ToLowerInvariant().Replace(' ', '-').Replace("'", "")}",
            Title = title,
            Description = description,
            Brand = brand is null ? null : $"{brand}{tag}",
            CategoryId = categories[category],
            CreatedAt = now,
            UpdatedAt = now,
            Attributes = [.. attributes.Select(a => new ProductAttribute { Name = a.Name, Value = a.Value }), .. gender is null ? [] : new[] { new ProductAttribute { Name = "gender", Value = gender } }],
            Variants = [ProductVariant.Default(now)],
        };
        db.Products.Add(product);
        await db.SaveChangesAsync();
        db.Offers.Add(new Offer
        {
            ProductId = product.Id, VariantId = product.Variants[0].Id, SellerId = sellers[seller], Sku = $"{tag}-{product.Id}",
            PriceMinor = (long)(price * 100), Currency = "USD", Stock = stock, Status = OfferStatus.Active, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        await ProductSummaries.RefreshAsync(db, [product.Id], now, CancellationToken.None);
        Products[title] = product.Id;
        return product.Id;
    }

    /// <summary>Suspends the seller as an operator would: its offers stop being visible and its products' summaries follow.</summary>
    public async Task SuspendAsync(string seller)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        await db.Sellers.Where(s => s.Id == sellers[seller]).ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SellerStatus.Suspended));
        await ProductSummaries.RefreshForSellerAsync(db, sellers[seller], DateTime.UtcNow, CancellationToken.None);
    }
}
