using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Listings;

public sealed class ListingConcurrencyTestsOnSqlite(MarketplaceApiFactory host) : ListingConcurrencyTests<MarketplaceApiFactory>(host);

public sealed class ListingConcurrencyTestsOnPostgres(PostgresMarketplaceApiFactory host) : ListingConcurrencyTests<PostgresMarketplaceApiFactory>(host);

/// <summary>Many requests at once through real HTTP against the same listing.</summary>
public abstract class ListingConcurrencyTests<TApi>(TApi host) : DatabaseTests<TApi>(host) where TApi : MarketplaceApiFactory
{
    private async Task<(Offer Offer, string Token)> ListingWithStockAsync(int sellerIndex, int stock)
    {
        var offer = await api.QueryDbAsync(async db =>
        {
            var sellerId = await db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(sellerIndex).Select(s => s.Id).FirstAsync();
            var chosen = await db.Offers.Where(o => o.SellerId == sellerId).OrderBy(o => o.Id).FirstAsync();
            await db.Offers.Where(o => o.Id == chosen.Id).ExecuteUpdateAsync(set => set.SetProperty(o => o.Stock, stock));
            return await db.Offers.AsNoTracking().SingleAsync(o => o.Id == chosen.Id);
        });
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Id == offer.SellerId).Select(s => s.Handle).SingleAsync());
        return (offer, await api.SellerTokenAsync(handle));
    }

    [SkippableFact]
    public async Task Fifty_concurrent_stock_decrements_on_ten_units_succeed_exactly_ten_times()
    {
        var (offer, token) = await ListingWithStockAsync(sellerIndex: 1, stock: 10);
        var id = $"gid://marketplace/Offer/{offer.Id}";

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
        {
            using var client = api.CreateClient(token);
            return await client.PostGraphQLAsync(
                "mutation($id: ID!) { adjustStock(input: {listingId: $id, delta: -1}) { listing { stock } userErrors { code } } }", new { id });
        }));

        var payloads = responses.Select(r => r.DataOrFail()["adjustStock"]!).ToList();
        Assert.Equal(10, payloads.Count(p => p["listing"] is not null));
        Assert.Equal(40, payloads.Count(p => p["userErrors"]!.AsArray().Any(e => e!["code"]!.GetValue<string>() == "INSUFFICIENT_STOCK")));
        var after = await api.QueryDbAsync(db => db.Offers.AsNoTracking().SingleAsync(o => o.Id == offer.Id));
        Assert.Equal(0, after.Stock);
        Assert.Equal(offer.Version + 10, after.Version);
    }

    [SkippableFact]
    public async Task Twenty_concurrent_updates_with_the_same_expected_version_have_exactly_one_winner()
    {
        var (offer, token) = await ListingWithStockAsync(sellerIndex: 2, stock: 5);
        var id = $"gid://marketplace/Offer/{offer.Id}";

        var responses = await Task.WhenAll(Enumerable.Range(1, 20).Select(async i =>
        {
            using var client = api.CreateClient(token);
            return await client.PostGraphQLAsync(
                "mutation($id: ID!, $price: Decimal!, $version: Int!) { updateListing(input: {listingId: $id, price: $price, clearCompareAtPrice: true, expectedVersion: $version}) { listing { price { amount } } userErrors { code } } }",
                new { id, price = 100m + i, version = offer.Version });
        }));

        var payloads = responses.Select(r => r.DataOrFail()["updateListing"]!).ToList();
        var winners = payloads.Where(p => p["listing"] is not null).ToList();
        Assert.Single(winners);
        Assert.Equal(19, payloads.Count(p => p["userErrors"]!.AsArray().Any(e => e!["code"]!.GetValue<string>() == "VERSION_CONFLICT")));
        var after = await api.QueryDbAsync(db => db.Offers.AsNoTracking().SingleAsync(o => o.Id == offer.Id));
        Assert.Equal(offer.Version + 1, after.Version);
        Assert.Equal(winners[0]["listing"]!["price"]!["amount"]!.GetValue<decimal>() * 100, after.PriceMinor);
    }
}
