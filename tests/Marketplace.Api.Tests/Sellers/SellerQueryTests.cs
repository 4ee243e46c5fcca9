using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Sellers;

public sealed class SellerQueryTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Listings = """
        query($h: String, $status: OfferStatus) { seller(handle: $h) { name listings(first: 100, status: $status) { totalCount nodes { sku status } } } }
        """;

    [Fact]
    public async Task Buyers_see_a_sellers_active_listings_and_the_seller_sees_its_drafts_too()
    {
        var (handle, active, all) = await api.QueryDbAsync(async db =>
        {
            var seller = await db.Sellers.Where(s => s.Status == SellerStatus.Active && db.Offers.Any(o => o.SellerId == s.Id && o.Status == OfferStatus.Draft))
                .OrderBy(s => s.Id).FirstAsync();
            return (seller.Handle,
                await db.Offers.CountAsync(o => o.SellerId == seller.Id && o.Status == OfferStatus.Active),
                await db.Offers.CountAsync(o => o.SellerId == seller.Id));
        });
        using var buyer = api.CreateClient();
        using var owner = api.CreateClient(await api.SellerTokenAsync(handle));

        var seen = (await buyer.PostGraphQLAsync(Listings, new { h = handle })).DataOrFail()["seller"]!["listings"]!;
        var own = (await owner.PostGraphQLAsync(Listings, new { h = handle })).DataOrFail()["seller"]!["listings"]!;
        var drafts = (await owner.PostGraphQLAsync(Listings, new { h = handle, status = "DRAFT" })).DataOrFail()["seller"]!["listings"]!;
        var peek = await buyer.PostGraphQLAsync(Listings, new { h = handle, status = "DRAFT" });

        Assert.Equal(active, seen["totalCount"]!.GetValue<int>());
        Assert.All(seen["nodes"]!.AsArray(), n => Assert.Equal("ACTIVE", n!["status"]!.GetValue<string>()));
        Assert.Equal(all, own["totalCount"]!.GetValue<int>());
        Assert.All(drafts["nodes"]!.AsArray(), n => Assert.Equal("DRAFT", n!["status"]!.GetValue<string>()));
        Assert.Equal("FORBIDDEN", peek.FirstErrorCode);
    }

    [Fact]
    public async Task Buyers_list_active_sellers_and_admins_list_any_status()
    {
        var (active, pending) = await api.QueryDbAsync(async db =>
            (await db.Sellers.CountAsync(s => s.Status == SellerStatus.Active), await db.Sellers.CountAsync(s => s.Status == SellerStatus.Pending)));
        using var buyer = api.CreateClient();
        using var admin = api.CreateClient(api.AdminToken());
        const string Query = "query($s: SellerStatus) { sellers(first: 5, status: $s) { totalCount nodes { status } pageInfo { hasNextPage } } }";

        var listed = (await buyer.PostGraphQLAsync(Query)).DataOrFail()["sellers"]!;
        var refused = await buyer.PostGraphQLAsync(Query, new { s = "PENDING" });
        var pendingForAdmin = (await admin.PostGraphQLAsync(Query, new { s = "PENDING" })).DataOrFail()["sellers"]!;

        Assert.Equal(active, listed["totalCount"]!.GetValue<int>());
        Assert.True(listed["pageInfo"]!["hasNextPage"]!.GetValue<bool>());
        Assert.Equal("FORBIDDEN", refused.FirstErrorCode);
        Assert.Equal(pending, pendingForAdmin["totalCount"]!.GetValue<int>());
        Assert.True(pending > 0);
    }

    [Fact]
    public async Task Products_filter_by_category_and_seller_global_ids()
    {
        var (categoryId, sellerId, expected) = await api.QueryDbAsync(async db =>
        {
            var offer = await db.Offers.Where(o => o.Status == OfferStatus.Active && db.Sellers.Any(s => s.Id == o.SellerId && s.Status == SellerStatus.Active))
                .OrderBy(o => o.Id).FirstAsync();
            var categoryId = await db.Products.Where(p => p.Id == offer.ProductId).Select(p => p.CategoryId).SingleAsync();
            var count = await db.Products.CountAsync(p => p.CategoryId == categoryId && p.OfferCount > 0
                && db.Offers.Any(o => o.ProductId == p.Id && o.SellerId == offer.SellerId && o.Status == OfferStatus.Active));
            return (categoryId, offer.SellerId, count);
        });
        using var client = api.CreateClient();

        var page = (await client.PostGraphQLAsync("query($w: ProductWhere) { products(where: $w) { totalCount } }", new
        {
            w = new { categoryId = $"gid://marketplace/Category/{categoryId}", sellerId = $"gid://marketplace/Seller/{sellerId}" },
        })).DataOrFail()["products"]!;

        Assert.True(expected > 0);
        Assert.Equal(expected, page["totalCount"]!.GetValue<int>());
    }
}
