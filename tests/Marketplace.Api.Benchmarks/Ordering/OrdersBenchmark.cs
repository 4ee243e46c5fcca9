using System.Diagnostics;
using System.Text.Json;
using Marketplace.Api.Benchmarks.Harness;
using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Ordering;
using Marketplace.Api.Sellers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Marketplace.Api.Benchmarks.Ordering;

public sealed record OrdersSettings(int[] Buyers, int OrdersPerLevel, int Warmup);

/// <summary>
/// placeOrder over loopback HTTP for carts of three sellers, at several numbers of concurrent buyers. Carts are
/// written beforehand (one buyer each), so only checkout is timed. Ends by checking that nothing was oversold:
/// no stock below zero, and every offer's stock fell by exactly the units its order lines hold.
/// </summary>
public static class OrdersBenchmark
{
    private const int OffersPerSeller = 3;
    private const int StartingStock = 100_000;
    private const string Mutation = """
        mutation($cart: ID!, $key: String!) {
          placeOrder(input: {cartId: $cart, idempotencyKey: $key, paymentMethod: {type: INVOICE},
            shippingAddress: {name: "Bench Buyer", line1: "1 Main St", city: "Boise", postalCode: "83702", countryCode: "US"}}) {
            order { id total { amount } } userErrors { code }
          }
        }
        """;

    private sealed record PreparedCart(string Token, byte[] Body);

    public static async Task<IReadOnlyList<ResultRow>> RunAsync(string dataDirectory, OrdersSettings settings, CancellationToken ct)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataDirectory));
        await using var server = await ApiServer.StartAsync(dataDirectory, ct, "--Database:SeedDemoData=true");
        var offers = await StockOffersAsync(server, ct);
        var before = offers.ToDictionary(o => o.Id, _ => StartingStock);
        var sellers = offers.Select(o => o.SellerId).Distinct().Count();

        var rows = new List<ResultRow>();
        var run = Guid.NewGuid().ToString("N")[..8];
        await MeasureAsync(server, offers, $"{run}-warm", buyers: 1, settings.Warmup, ct);
        foreach (var buyers in settings.Buyers)
        {
            var (latency, perSecond, refused) = await MeasureAsync(server, offers, $"{run}-{buyers}", buyers, settings.OrdersPerLevel, ct);
            var target = buyers == 8 ? ">= 300 orders/s" : "";
            rows.Add(new("placeOrder", $"{name}, 3-seller carts, {buyers} buyer(s)", latency,
                $"{perSecond:N0} orders/s, {refused} refused", target, buyers == 8 ? perSecond >= 300 : null));
        }
        rows.Add(await OversellCheckAsync(server, before, sellers, ct));
        return rows;
    }

    /// <summary>Three active offers of each active seller, with plenty of stock, so carts spread over many rows.</summary>
    private static async Task<List<Offer>> StockOffersAsync(ApiServer server, CancellationToken ct)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var visible = VisibleOffers.Of(db);
        var sellerIds = await db.Sellers.Where(s => s.Status == SellerStatus.Active && visible.Any(o => o.SellerId == s.Id)).Select(s => s.Id).ToListAsync(ct);
        var offers = new List<Offer>();
        foreach (var sellerId in sellerIds)
            offers.AddRange(await visible.AsNoTracking().Where(o => o.SellerId == sellerId).OrderBy(o => o.Id).Take(OffersPerSeller).ToListAsync(ct));
        var ids = offers.Select(o => o.Id).ToList();
        await db.Offers.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(set => set.SetProperty(o => o.Stock, StartingStock), ct);
        await ProductSummaries.RefreshAsync(db, [.. offers.Select(o => o.ProductId).Distinct()], DateTime.UtcNow, ct);
        return offers;
    }

    /// <summary>One cart per order, of three random sellers, written straight to the database, with its buyer's token.</summary>
    private static async Task<List<PreparedCart>> PrepareCartsAsync(ApiServer server, List<Offer> offers, string prefix, int count, CancellationToken ct)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var tokens = server.Services.GetRequiredService<TokenIssuer>();
        var bySeller = offers.GroupBy(o => o.SellerId).Select(g => g.ToList()).ToList();
        var random = new Random(count);
        var now = DateTime.UtcNow;
        var carts = new List<Cart>();
        for (var i = 0; i < count; i++)
        {
            var chosen = bySeller.OrderBy(_ => random.Next()).Take(3).Select(g => g[random.Next(g.Count)]);
            carts.Add(new Cart
            {
                BuyerId = $"bench-{prefix}-{i}", CreatedAt = now, UpdatedAt = now,
                Lines = [.. chosen.Select(o => new CartLine { OfferId = o.Id, Quantity = 1 + random.Next(2), SeenPriceMinor = o.PriceMinor, AddedAt = now })],
            });
        }
        db.Carts.AddRange(carts);
        await db.SaveChangesAsync(ct);
        return [.. carts.Select(c => new PreparedCart(
            tokens.Issue(c.BuyerId!, [Roles.Buyer], null, TimeSpan.FromHours(1)),
            GraphQLHttpClient.Body(Mutation, new { cart = $"gid://marketplace/Cart/{c.Id}", key = $"bench-{c.Id}" })))];
    }

    private static async Task<(Latency Latency, double PerSecond, int Refused)> MeasureAsync(
        ApiServer server, List<Offer> offers, string prefix, int buyers, int count, CancellationToken ct)
    {
        var carts = await PrepareCartsAsync(server, offers, prefix, count, ct);
        var timings = new double[count];
        var refused = 0;
        var next = -1;
        var clients = Enumerable.Range(0, buyers).Select(_ => new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = server.Address }).ToList();
        var started = Stopwatch.GetTimestamp();
        await AnsiConsole.Status().StartAsync($"placeOrder: {count:N0} orders, {buyers} buyer(s)", async _ =>
            await Task.WhenAll(clients.Select(async http =>
            {
                for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
                {
                    var cart = carts[i];
                    var begun = Stopwatch.GetTimestamp();
                    using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(cart.Body) };
                    request.Content.Headers.ContentType = new("application/json");
                    request.Headers.Authorization = new("Bearer", cart.Token);
                    using var response = await http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    timings[i] = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
                    var payload = GraphQLHttpClient.Data(body).GetProperty("placeOrder");
                    if (payload.GetProperty("order").ValueKind == JsonValueKind.Null) Interlocked.Increment(ref refused);
                }
            })));
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        clients.ForEach(c => c.Dispose());
        return (Latency.Of(timings), (count - refused) / elapsed, refused);
    }

    private static async Task<ResultRow> OversellCheckAsync(ApiServer server, Dictionary<long, int> before, int sellers, CancellationToken ct)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
        var ids = before.Keys.ToList();
        var after = await db.Offers.Where(o => ids.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Stock, ct);
        var sold = await db.SupplierOrderLines.Where(l => ids.Contains(l.OfferId)
                && db.SupplierOrders.Any(p => p.Id == l.SupplierOrderId && p.Status != SupplierOrderStatus.Cancelled && p.Status != SupplierOrderStatus.Rejected))
            .GroupBy(l => l.OfferId).Select(g => new { g.Key, Units = g.Sum(l => l.Quantity) }).ToDictionaryAsync(g => g.Key, g => g.Units, ct);
        var negative = after.Count(a => a.Value < 0);
        var mismatched = ids.Count(id => before[id] - after[id] != sold.GetValueOrDefault(id));
        var ok = negative == 0 && mismatched == 0;
        return new("placeOrder", "oversell check", null,
            $"{ids.Count} offers of {sellers} sellers, {sold.Values.Sum():N0} units sold; {negative} below zero, {mismatched} where sold != stock drop",
            "no oversell", ok);
    }
}
