using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Ordering;

public sealed class OrderConcurrencyTestsOnSqlite(MarketplaceApiFactory host) : OrderConcurrencyTests<MarketplaceApiFactory>(host);

public sealed class OrderConcurrencyTestsOnPostgres(PostgresMarketplaceApiFactory host) : OrderConcurrencyTests<PostgresMarketplaceApiFactory>(host);

/// <summary>Many checkouts at once through real HTTP.</summary>
public abstract class OrderConcurrencyTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    [SkippableFact]
    public async Task Fifty_buyers_racing_for_the_last_ten_units_buy_exactly_ten()
    {
        var offer = (await api.OffersAsync(firstSeller: 0, sellers: 1, stock: 10))[0];
        var buyers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var client = api.CreateClient(api.BuyerToken($"racer-{i}"));
            return (client, cartId: await client.FillCartAsync([offer]));
        }));

        var payloads = await Task.WhenAll(buyers.Select(b => b.client.PlaceOrderAsync(b.cartId, "race")));

        Assert.Equal(10, payloads.Count(p => p["order"] is not null));
        Assert.Equal(40, payloads.Count(p => p.Codes().Contains("INSUFFICIENT_STOCK")));
        Assert.Equal(0, await api.StockAsync(offer.Id));
        Assert.Equal(10, await api.QueryDbAsync(db => db.SupplierOrderLines.Where(l => l.OfferId == offer.Id).SumAsync(l => l.Quantity)));
        foreach (var (client, _) in buyers) client.Dispose();
    }

    [SkippableFact]
    public async Task The_same_key_sent_ten_times_at_once_places_one_order()
    {
        var offers = await api.OffersAsync(firstSeller: 1, sellers: 2, stock: 100);
        using var client = api.CreateClient(api.BuyerToken("retrying-buyer"));
        var cartId = await client.FillCartAsync(offers);

        var payloads = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PlaceOrderAsync(cartId, "retry-key-1")));

        var ids = payloads.Select(p => p["order"]?["id"]?.GetValue<string>()).ToList();
        Assert.All(ids, id => Assert.NotNull(id));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await api.QueryDbAsync(db => db.Orders.CountAsync(o => o.BuyerId == "retrying-buyer")));
        foreach (var offer in offers) Assert.Equal(99, await api.StockAsync(offer.Id));
    }
}
