using Microsoft.EntityFrameworkCore;
using Marketplace.Api.Data;
using Marketplace.Api.Personalization;
using Marketplace.Api.Profiles;
using Marketplace.Api.Recommendations;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Marketplace.Api.Tests.Profiles;

namespace Marketplace.Api.Tests.Recommendations;

/// <summary>What never shows (what nobody can buy, what the caller already owns), how a list is spread across sellers, cold start and bad input.</summary>
public sealed class RecommendationFilterTests(RecommendationsApiFactory api) : IClassFixture<RecommendationsApiFactory>
{
    [Fact]
    public async Task Out_of_stock_items_suspended_sellers_offers_and_items_already_bought_are_left_out_but_consumables_come_back()
    {
        var shop = new Shop(api, "recex");
        await shop.CategoryAsync("pantry");
        foreach (var seller in new[] { "s0", "s1", "s2", "s3", "s4", "s5" }) await shop.SellerAsync(seller);
        var kettle = await shop.ProductAsync("Kettle", "pantry", "s0", 40);
        await shop.ProductAsync("Teapot", "pantry", "s1", 30);
        await shop.ProductAsync("Sold out mug", "pantry", "s2", 10, stock: 0);
        await shop.ProductAsync("Suspended sellers cup", "pantry", "s3", 12);
        var strainer = await shop.ProductAsync("Strainer", "pantry", "s4", 8);
        var tea = await shop.ProductAsync("Loose tea", "pantry", "s5", 6, attributes: ("consumable", "true"));
        await api.PlaceOrderAsync(7_200_001, "recex-buyer", strainer, tea);
        await api.DrainSignalsAsync();
        using var buyer = api.CreateClient(api.BuyerToken("recex-buyer"));

        var before = await buyer.RecommendationsAsync("CART", kettle);
        await shop.SuspendAsync("s3");
        var after = await buyer.RecommendationsAsync("CART", kettle);

        Assert.Equal(["Loose tea", "Suspended sellers cup", "Teapot"], before.Select(i => i.Title).Order());
        Assert.Equal(["Loose tea", "Teapot"], after.Select(i => i.Title).Order());
    }

    [Fact]
    public async Task A_product_that_sells_out_after_being_recommended_is_left_out_at_once_though_its_facts_are_cached()
    {
        var shop = new Shop(api, "recsold");
        await shop.CategoryAsync("bakeware");
        foreach (var seller in new[] { "s0", "s1", "s2" }) await shop.SellerAsync(seller);
        var oven = await shop.ProductAsync("Dutch oven", "bakeware", "s0", 90);
        var tin = await shop.ProductAsync("Loaf tin", "bakeware", "s1", 15);
        await shop.ProductAsync("Proofing basket", "bakeware", "s2", 20);
        using var buyer = api.CreateClient(api.BuyerToken("recsold-buyer"));

        var before = await buyer.RecommendationsAsync("PRODUCT_DETAIL", oven);
        await using (var scope = api.Services.CreateAsyncScope())
        {
            // What a sale of the last unit leaves behind: no stock on the offer, the product summarised as out of stock.
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDb>();
            await db.Offers.Where(o => o.ProductId == tin).ExecuteUpdateAsync(o => o.SetProperty(x => x.Stock, 0));
            await db.ProductVariants.Where(v => v.ProductId == tin).ExecuteUpdateAsync(v => v.SetProperty(x => x.InStock, false));
            await db.Products.Where(p => p.Id == tin).ExecuteUpdateAsync(p => p.SetProperty(x => x.InStock, false));
        }
        var after = await buyer.RecommendationsAsync("PRODUCT_DETAIL", oven);

        Assert.Equal(["Loaf tin", "Proofing basket"], before.Select(i => i.Title).Order());
        Assert.Equal(["Proofing basket"], after.Select(i => i.Title));
    }

    [Fact]
    public async Task For_you_leaves_out_the_five_newest_views_but_brings_back_older_ones_in_the_callers_category()
    {
        var shop = new Shop(api, "recforyou");
        await shop.CategoryAsync("cups");
        await shop.SellerAsync("s1");
        var cups = new List<long>();
        for (var i = 0; i < 7; i++) cups.Add(await shop.ProductAsync($"Cup {i}", "cups", "s1", 10 + i));
        var now = DateTime.UtcNow;
        var affinities = new Affinities();
        affinities.Add(AffinityDimension.Category, ["recforyou-cups"], 1, now, TimeSpan.FromDays(30));
        // Cup 0 viewed last, Cup 6 first.
        var views = cups.Select((id, i) => new RecentEvent(TrackedEventType.ProductView, now.AddMinutes(-i), id, null, "/recforyou-cups/", null, null, null, null, null)).ToList();
        var caller = new CallerFeatures(1, true, affinities, [], null, views, now.AddMinutes(-7));
        await using var scope = api.Services.CreateAsyncScope();
        var recommender = scope.ServiceProvider.GetRequiredService<IRecommender>();

        var items = await recommender.RunStrategyAsync(RecommendationStrategy.RecommendedForYou, new RecommendationRequest(RecommendationPlacement.Home, null, 10, caller), CancellationToken.None);

        Assert.Equal([cups[5], cups[6]], items.Select(i => i.ProductId).Order());
    }

    [Fact]
    public async Task A_strategy_run_alone_works_from_the_callers_features_and_still_leaves_out_what_cannot_be_bought()
    {
        var shop = new Shop(api, "recalone");
        await shop.CategoryAsync("pens");
        await shop.SellerAsync("s1");
        var fountain = await shop.ProductAsync("Fountain pen", "pens", "s1", 40);
        var soldOut = await shop.ProductAsync("Sold out pen", "pens", "s1", 5, stock: 0);
        var ballpoint = await shop.ProductAsync("Ballpoint pen", "pens", "s1", 2);
        var now = DateTime.UtcNow;
        RecentEvent View(long product, int minutesAgo) => new(TrackedEventType.ProductView, now.AddMinutes(-minutesAgo), product, null, null, null, null, null, null, null);
        var caller = new CallerFeatures(1, true, new Affinities(), [], null, [View(ballpoint, 1), View(soldOut, 2), View(fountain, 3)], now.AddMinutes(-3));
        await using var scope = api.Services.CreateAsyncScope();
        var recommender = scope.ServiceProvider.GetRequiredService<IRecommender>();

        var items = await recommender.RunStrategyAsync(RecommendationStrategy.RecentlyViewed, new RecommendationRequest(RecommendationPlacement.Home, null, 10, caller), CancellationToken.None);

        Assert.Equal([(ballpoint, RecommendationStrategy.RecentlyViewed), (fountain, RecommendationStrategy.RecentlyViewed)], items.Select(i => (i.ProductId, i.Strategy)));
    }

    [Fact]
    public async Task No_seller_takes_more_than_its_share_of_a_list()
    {
        var shop = new Shop(api, "recdiv");
        await shop.CategoryAsync("lamps");
        foreach (var seller in new[] { "big", "s1", "s2", "s3", "s4" }) await shop.SellerAsync(seller);
        var desk = await shop.ProductAsync("Desk lamp", "lamps", "s4", 40);
        foreach (var title in new[] { "Big lamp 1", "Big lamp 2", "Big lamp 3", "Big lamp 4" }) await shop.ProductAsync(title, "lamps", "big", 20);
        await shop.ProductAsync("Floor lamp", "lamps", "s1", 80);
        await shop.ProductAsync("Wall lamp", "lamps", "s2", 50);
        await shop.ProductAsync("Reading lamp", "lamps", "s3", 30);
        using var shopper = api.CreateClient();

        var items = await shopper.RecommendationsAsync("CART", desk, first: 5);

        // Recommendations:MaxSellerShare is 0.4: two of five.
        Assert.Equal(["Big lamp 1", "Big lamp 2", "Floor lamp", "Wall lamp", "Reading lamp"], items.Select(i => i.Title));
    }

    [Fact]
    public async Task A_visitor_without_any_events_gets_every_placement_filled()
    {
        var product = (await api.ProductIdsAsync("Women's", 1))[0];
        using var visitor = api.Visitor("reccold-visitor-1");

        foreach (var placement in new[] { "HOME", "SEARCH_EMPTY", "CART", "POST_PURCHASE", "PRODUCT_DETAIL" })
        {
            var items = await visitor.RecommendationsAsync(placement, placement == "PRODUCT_DETAIL" ? product : null, first: 8);
            Assert.True(items.Count == 8, $"{placement} held {items.Count} items.");
            Assert.Equal(8, items.Select(i => i.ProductId).Distinct().Count());
            Assert.All(items, i => Assert.NotEmpty(i.Reasons));
        }
    }

    [Theory]
    [InlineData("PRODUCT_DETAIL", "gid://marketplace/Product/999999999", 10, "No product has the id")]
    [InlineData("PRODUCT_DETAIL", "not-an-id", 10, "No product has the id")]
    [InlineData("PRODUCT_DETAIL", null, 10, "PRODUCT_DETAIL needs the productId")]
    [InlineData("HOME", null, 51, "first is 51")]
    [InlineData("HOME", null, -1, "first is -1")]
    public async Task Bad_input_is_refused_as_bad_user_input(string placement, string? productId, int first, string message)
    {
        using var shopper = api.CreateClient();

        var response = await shopper.PostGraphQLAsync(
            "query($placement: RecommendationPlacement!, $productId: ID, $first: Int) { recommendations(placement: $placement, productId: $productId, first: $first) { requestId } }",
            new { placement, productId, first });

        Assert.Equal("BAD_USER_INPUT", response.FirstErrorCode);
        Assert.Contains(message, response.Errors![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_placement_is_refused_with_the_placements_name_not_a_server_error()
    {
        using var shopper = api.CreateClient();

        var inline = await shopper.PostGraphQLAsync("{ recommendations(placement: CHECKOUT) { requestId } }");
        var variable = await shopper.PostGraphQLAsync(
            "query($placement: RecommendationPlacement!) { recommendations(placement: $placement) { requestId } }", new { placement = "CHECKOUT" });

        foreach (var response in new[] { inline, variable })
        {
            Assert.NotEqual(System.Net.HttpStatusCode.InternalServerError, response.Status);
            Assert.NotEqual("INTERNAL", response.FirstErrorCode);
            Assert.Contains("CHECKOUT", response.Errors![0]!["message"]!.GetValue<string>());
        }
    }
}
