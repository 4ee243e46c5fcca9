using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;

namespace Marketplace.Api.Tests.Recommendations;

/// <summary>Each strategy on a small catalog of its own, through the placement it leads, with the exact list a shopper sees.</summary>
public sealed class RecommendationStrategyTests(RecommendationsApiFactory api) : IClassFixture<RecommendationsApiFactory>
{
    [Fact]
    public async Task Similar_items_rank_by_category_brand_attributes_words_and_price_and_keep_to_the_products_gender()
    {
        var shop = new Shop(api, "recsim");
        await shop.CategoryAsync("tops");
        await shop.CategoryAsync("tees", parent: "tops");
        await shop.CategoryAsync("shirts", parent: "tops");
        foreach (var seller in new[] { "s1", "s2", "s3", "s4", "s5", "s6" }) await shop.SellerAsync(seller);
        var tee = await shop.ProductAsync("Acme cotton crew tee", "tees", "s1", 20, brand: "Acme", gender: "women", attributes: ("material", "cotton"));
        await shop.ProductAsync("Acme cotton vneck tee", "tees", "s2", 22, brand: "Acme", gender: "women", attributes: ("material", "cotton"));
        await shop.ProductAsync("Bolt cotton crew tee", "tees", "s3", 20, brand: "Bolt", gender: "women", attributes: ("material", "cotton"));
        await shop.ProductAsync("Acme linen shirt", "shirts", "s4", 40, brand: "Acme", gender: "women", attributes: ("material", "linen"));
        await shop.ProductAsync("Acme cotton crew tee for men", "tees", "s5", 20, brand: "Acme", gender: "men", attributes: ("material", "cotton"));
        await shop.ProductAsync("Cove wool tee", "tees", "s6", 20, brand: "Cove", gender: "unisex", attributes: ("material", "wool"));
        using var shopper = api.CreateClient();

        var items = await shopper.RecommendationsAsync("PRODUCT_DETAIL", tee);

        Assert.Equal(
        [
            ("Acme cotton vneck tee", "SIMILAR_ITEMS"),
            ("Bolt cotton crew tee", "SIMILAR_ITEMS"),
            ("Cove wool tee", "SIMILAR_ITEMS"),
            ("Acme linen shirt", "SIMILAR_ITEMS"),
            // Not similar (another gender), but among the category's popular products.
            ("Acme cotton crew tee for men", "TRENDING"),
        ], items.Shown());
        Assert.Contains(("SIMILARITY", "category:recsim-tees", 1.0), items[0].Reasons);
        Assert.Contains(("SIMILARITY", "brand:acmerecsim", 0.5), items[0].Reasons);
    }

    [Fact]
    public async Task Frequently_bought_together_ranks_by_how_many_buyers_bought_both()
    {
        var shop = new Shop(api, "recfbt");
        await shop.CategoryAsync("kitchen");
        await shop.SellerAsync("s1");
        await shop.SellerAsync("s2");
        await shop.SellerAsync("s3");
        var pan = await shop.ProductAsync("Frying pan", "kitchen", "s1", 30);
        var lid = await shop.ProductAsync("Pan lid", "kitchen", "s2", 10);
        var spatula = await shop.ProductAsync("Spatula", "kitchen", "s3", 5);
        var oil = await shop.ProductAsync("Olive oil", "kitchen", "s1", 8);
        await api.PlaceOrderAsync(7_100_001, "recfbt-buyer-1", pan, lid, spatula);
        await api.PlaceOrderAsync(7_100_002, "recfbt-buyer-2", pan, lid);
        await api.PlaceOrderAsync(7_100_003, "recfbt-buyer-3", pan, oil);
        await api.PlaceOrderAsync(7_100_004, "recfbt-buyer-3", lid, spatula);
        await api.DrainSignalsAsync();
        using var shopper = api.CreateClient();

        var items = await shopper.RecommendationsAsync("CART", pan);

        Assert.Equal([("Pan lid", "FREQUENTLY_BOUGHT_TOGETHER"), ("Spatula", "FREQUENTLY_BOUGHT_TOGETHER"), ("Olive oil", "FREQUENTLY_BOUGHT_TOGETHER")], items.Shown());
        Assert.Equal([("BOUGHT_TOGETHER", $"product:{pan}", 3.0)], items[0].Reasons);
        Assert.Equal([("BOUGHT_TOGETHER", $"product:{pan}", 2.0)], items[1].Reasons);
    }

    [Fact]
    public async Task Customers_who_viewed_this_also_viewed_ranks_by_how_many_viewers_saw_both()
    {
        var shop = new Shop(api, "recav");
        foreach (var category in new[] { "tents", "stoves", "lamps", "mats" }) await shop.CategoryAsync(category);
        await shop.SellerAsync("s1");
        var tent = await shop.ProductAsync("Dome tent", "tents", "s1", 200);
        var stove = await shop.ProductAsync("Camp stove", "stoves", "s1", 50);
        var lamp = await shop.ProductAsync("Head lamp", "lamps", "s1", 20);
        var mat = await shop.ProductAsync("Sleeping mat", "mats", "s1", 40);
        var now = DateTime.UtcNow;
        async Task ViewAsync(string visitor, params long[] products)
        {
            using var client = api.Visitor(visitor);
            await client.TrackAsync([.. products.Select((id, i) => ProfilesKit.Event("PRODUCT_VIEW", id, now.AddMinutes(i - products.Length)))]);
        }
        await ViewAsync("recav-visitor-1", tent, stove, lamp);
        await ViewAsync("recav-visitor-2", tent, stove);
        await ViewAsync("recav-visitor-3", mat, tent);
        await api.DrainSignalsAsync();
        using var shopper = api.CreateClient();

        var items = await shopper.RecommendationsAsync("PRODUCT_DETAIL", tent);

        Assert.Equal([("Camp stove", "ALSO_VIEWED"), ("Head lamp", "ALSO_VIEWED"), ("Sleeping mat", "ALSO_VIEWED")], items.Shown());
        Assert.Equal([("VIEWED_TOGETHER", $"product:{tent}", 2.0)], items[0].Reasons);
    }

    [Fact]
    public async Task Trending_in_a_category_weighs_carts_over_views_and_lets_old_interest_fade()
    {
        var shop = new Shop(api, "rectrend");
        await shop.CategoryAsync("bikes");
        await shop.SellerAsync("s1");
        var bike = await shop.ProductAsync("Road bike", "bikes", "s1", 900);
        var bell = await shop.ProductAsync("Bell", "bikes", "s1", 9);
        var pump = await shop.ProductAsync("Pump", "bikes", "s1", 25);
        var helmet = await shop.ProductAsync("Helmet", "bikes", "s1", 60);
        await shop.ProductAsync("Saddle bag", "bikes", "s1", 30);
        var now = DateTime.UtcNow;
        async Task TrackAsync(string visitor, string type, long product, DateTime at)
        {
            using var client = api.Visitor(visitor);
            await client.TrackAsync(ProfilesKit.Event(type, product, at));
        }
        // Two views four days ago fade below one view now (half-life three days); one add-to-cart counts for three views.
        await TrackAsync("rectrend-visitor-1", "PRODUCT_VIEW", bell, now.AddDays(-4));
        await TrackAsync("rectrend-visitor-2", "PRODUCT_VIEW", bell, now.AddDays(-4));
        await TrackAsync("rectrend-visitor-3", "PRODUCT_VIEW", pump, now.AddMinutes(-1));
        await TrackAsync("rectrend-visitor-4", "ADD_TO_CART", helmet, now.AddMinutes(-1));
        await api.DrainSignalsAsync();
        using var shopper = api.CreateClient();

        var items = await shopper.RecommendationsAsync("CART", bike);

        Assert.Equal([("Helmet", "TRENDING"), ("Pump", "TRENDING"), ("Bell", "TRENDING"), ("Saddle bag", "TRENDING")], items.Shown());
        Assert.Equal("category:rectrend-bikes", items[0].Reasons.Single().Key);
        Assert.Equal(("POPULARITY", "popular"), (items[3].Reasons.Single().Kind, items[3].Reasons.Single().Key));
    }

    [Fact]
    public async Task Home_recommends_unseen_products_of_the_visitors_categories_and_brands_then_what_they_viewed_newest_first()
    {
        var shop = new Shop(api, "rechome");
        await shop.CategoryAsync("wear");
        await shop.CategoryAsync("socks", parent: "wear");
        await shop.SellerAsync("s1");
        await shop.SellerAsync("s2");
        await shop.SellerAsync("s3");
        var wool = await shop.ProductAsync("Wool socks", "socks", "s1", 30, brand: "Acme", gender: "women");
        var silk = await shop.ProductAsync("Silk socks", "socks", "s2", 30, brand: "Acme", gender: "women");
        var ankle = await shop.ProductAsync("Ankle socks", "socks", "s3", 30, brand: "Bolt", gender: "women");
        await shop.ProductAsync("Hiking socks", "socks", "s1", 30, brand: "Acme", gender: "women");
        await shop.ProductAsync("Running socks", "socks", "s2", 30, brand: "Bolt", gender: "women");
        var now = DateTime.UtcNow;
        using var visitor = api.Visitor("rechome-visitor-1");
        await visitor.TrackAsync(
            ProfilesKit.Event("PRODUCT_VIEW", wool, now.AddMinutes(-3)), ProfilesKit.Event("PRODUCT_VIEW", silk, now.AddMinutes(-2)),
            ProfilesKit.Event("PRODUCT_VIEW", ankle, now.AddMinutes(-1)));
        await api.DrainSignalsAsync();

        var items = await visitor.RecommendationsAsync("HOME", first: 50);

        Assert.Equal(
        [
            ("Hiking socks", "RECOMMENDED_FOR_YOU"),
            ("Running socks", "RECOMMENDED_FOR_YOU"),
            ("Ankle socks", "RECENTLY_VIEWED"),
            ("Silk socks", "RECENTLY_VIEWED"),
            ("Wool socks", "RECENTLY_VIEWED"),
        ], items.Where(i => shop.Products.ContainsKey(i.Title)).Shown());
        Assert.Contains(items[0].Reasons, r => r == ("AFFINITY", "category:rechome-socks", 1.0));
        Assert.Contains(items[0].Reasons, r => r.Key == "brand:acmerechome");
        Assert.Equal(items.Count, items.Select(i => i.ProductId).Distinct().Count());
    }
}
