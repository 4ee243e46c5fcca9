using Marketplace.Api.Search;
using static Marketplace.Api.Tests.Search.Contract.SearchFixture;

namespace Marketplace.Api.Tests.Search.Contract;

/// <summary>
/// What every <see cref="ISearchEngine"/> does, over <see cref="SearchFixture"/>: an engine's test class derives from
/// this and says how to create an empty engine.
/// </summary>
public abstract class SearchEngineContract : IAsyncLifetime
{
    private ISearchEngine? engine;

    /// An empty engine with a fresh index; the contract indexes its fixture into it.
    protected abstract Task<ISearchEngine> CreateEngineAsync();

    /// Non-null to skip every test (e.g. no ELASTICSEARCH_URL); tests use [SkippableFact] and Skip.If.
    protected virtual string? SkipReason => null;

    protected ISearchEngine Engine => engine ?? throw new InvalidOperationException("The engine is not created.");

    public async Task InitializeAsync()
    {
        if (SkipReason is not null) return;
        engine = await CreateEngineAsync();
        await engine.IndexAsync(Products, [], CancellationToken.None);
    }

    public virtual Task DisposeAsync()
    {
        (engine as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    private Task<SearchResponse> SearchAsync(string? text, SearchFilter? filter = null, SearchSort sort = SearchSort.Relevance, int offset = 0, int limit = 50, bool facets = true) =>
        Engine.SearchAsync(new SearchRequest { Text = text, Filter = filter ?? SearchFilter.None, Sort = sort, Offset = offset, Limit = limit, IncludeFacets = facets }, CancellationToken.None);

    private static long[] Ids(SearchResponse response) => response.Hits.Select(h => h.ProductId).ToArray();

    private static long[] IdsWhere(Func<ProductDocument, bool> predicate) => Products.Where(predicate).Select(p => p.ProductId).Order().ToArray();

    private static SearchFacet Facet(SearchResponse response, string name) => response.Facets.Single(f => f.Name == name);

    private static long Count(SearchResponse response, string facet, string value) =>
        Facet(response, facet).Values.SingleOrDefault(v => v.Value == value)?.Count ?? 0;

    private static bool HasOption(ProductDocument p, string name, string value, bool mustBeAvailable = false) =>
        p.OptionValues.Any(o => o.Name == name && o.Value == value && (o.Available || !mustBeAvailable));

    // Relevance

    [SkippableFact]
    public async Task A_title_match_ranks_above_a_description_match()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("linen");
        Assert.Equal([5, 18], Ids(response));
    }

    [SkippableFact]
    public async Task The_words_as_a_phrase_rank_above_the_words_apart()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var ids = Ids(await SearchAsync("running shorts"));
        Assert.Equal([1, 4, 19], ids.Order().ToArray());
        Assert.Equal(19, ids[^1]);
    }

    [SkippableFact]
    public async Task Every_word_must_match()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var ids = Ids(await SearchAsync("cargo shorts"));
        Assert.Equal([2], ids);
    }

    [SkippableFact]
    public async Task Words_naming_an_attribute_value_match_the_attribute()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var womenShorts = Ids(await SearchAsync("women shorts"));
        Assert.Equal([4, 5, 6], womenShorts.Take(3).Order().ToArray());
        Assert.DoesNotContain(1, womenShorts);

        Assert.Equal(Ids(await SearchAsync("womens shorts")).Order(), womenShorts.Order());
        Assert.Equal(Ids(await SearchAsync("women's shorts")).Order(), womenShorts.Order());

        var black = Ids(await SearchAsync("black"));
        Assert.Equal(IdsWhere(p => HasOption(p, "Color", "Black")), black.Order().ToArray());
    }

    [SkippableFact]
    public async Task Popularity_breaks_ties_between_equal_matches()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var ids = Ids(await SearchAsync("running shorts"));
        Assert.Equal([4, 1], ids.Take(2).ToArray());
    }

    // Personal boosts

    private Task<SearchResponse> PersonalAsync(string? text, params SearchBoost[] boosts) => PersonalAsync(text, boosts, []);

    private Task<SearchResponse> PersonalAsync(string? text, SearchBoost[] boosts, long[] pinned) =>
        Engine.SearchAsync(new SearchRequest { Text = text, Limit = 50, Personalization = new SearchPersonalization(boosts, pinned) }, CancellationToken.None);

    private static SearchBoost Gender(string value, double weight) => new(BoostTarget.Attribute, value, weight) { AttributeName = "gender" };

    [SkippableFact]
    public async Task A_boost_moves_what_it_matches_up_and_says_so_without_changing_the_matches()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var plain = await SearchAsync("shorts");

        var boosted = await PersonalAsync("shorts", new SearchBoost(BoostTarget.Brand, "Breeze", 0.2), Gender("women", 3));

        Assert.Equal(plain.TotalCount, boosted.TotalCount);
        Assert.Equal(Ids(plain).Order(), Ids(boosted).Order());
        Assert.Equal([4, 5, 6], Ids(boosted).Take(3).Order().ToArray());
        Assert.Equal([0, 1], boosted.Hits.Single(h => h.ProductId == 5).MatchedBoosts);
        Assert.Equal([1], boosted.Hits.Single(h => h.ProductId == 4).MatchedBoosts);
        Assert.Empty(boosted.Hits.Single(h => h.ProductId == 1).MatchedBoosts);
    }

    [SkippableFact]
    public async Task No_boosts_rank_exactly_as_the_plain_search()
    {
        Skip.If(SkipReason is not null, SkipReason);
        Assert.Equal(Ids(await SearchAsync("shorts")), Ids(await PersonalAsync("shorts")));
        Assert.Equal(Ids(await SearchAsync(null)), Ids(await PersonalAsync(null)));
    }

    [SkippableFact]
    public async Task A_negative_boost_buries_and_categories_boost_their_descendants()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var buried = Ids(await PersonalAsync("shorts", new SearchBoost(BoostTarget.Category, "men", -0.95)));
        Assert.Equal([1, 2, 3], buried[^3..].Order().ToArray());

        var browse = Ids(await PersonalAsync(null, new SearchBoost(BoostTarget.Category, "computers", 50)));
        Assert.Equal([15, 16], browse.Take(2).Order().ToArray());
    }

    [SkippableFact]
    public async Task Price_seller_and_product_boosts_match_their_products()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await PersonalAsync(null,
            new SearchBoost(BoostTarget.Price, "cheap", 0.1) { MaxPriceMinor = 2600 },
            new SearchBoost(BoostTarget.Seller, "TECH-HUB", 0.1),
            new SearchBoost(BoostTarget.Product, "17", 0.1));

        Assert.Equal(IdsWhere(p => p.PriceMinor < 2600), response.Hits.Where(h => h.MatchedBoosts.Contains(0)).Select(h => h.ProductId).Order().ToArray());
        Assert.Equal(IdsWhere(p => p.Sellers.Contains(TechHub)), response.Hits.Where(h => h.MatchedBoosts.Contains(1)).Select(h => h.ProductId).Order().ToArray());
        Assert.Equal([17], response.Hits.Where(h => h.MatchedBoosts.Contains(2)).Select(h => h.ProductId).ToArray());
    }

    [SkippableFact]
    public async Task Pinned_products_that_match_come_first_in_the_given_order()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await PersonalAsync("shorts", [], [6, 99, 15, 2]);

        Assert.Equal([6, 2], Ids(response).Take(2).ToArray());
        Assert.True(response.Hits[0].Pinned);
        Assert.DoesNotContain(15, Ids(response));
    }

    // Typos, synonyms, did-you-mean

    [SkippableFact]
    public async Task A_typo_still_finds_the_word_and_proposes_the_correction()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("shrots");
        Assert.Equal(IdsWhere(p => p.Title.Contains("Shorts")), Ids(response).Order().ToArray());
        Assert.Equal("shorts", response.DidYouMean);
    }

    [SkippableFact]
    public async Task Two_typos_find_what_both_words_mean()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("wemen shrots");
        Assert.Equal([4, 5, 6], Ids(response).Take(3).Order().ToArray());
        Assert.Equal("women shorts", response.DidYouMean);
    }

    [SkippableFact]
    public async Task Correctly_spelled_words_propose_nothing()
    {
        Skip.If(SkipReason is not null, SkipReason);
        Assert.Null((await SearchAsync("shorts")).DidYouMean);
    }

    [SkippableFact]
    public async Task Text_that_finds_nothing_falls_back_to_the_correction()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("voltx");
        Assert.Equal([15, 16, 17], Ids(response).Order().ToArray());
        Assert.Equal("voltix", response.DidYouMean);
        Assert.Equal("voltix", response.CorrectedQuery);

        var without = await Engine.SearchAsync(new SearchRequest { Text = "voltx", FallBackToCorrection = false }, CancellationToken.None);
        Assert.Equal(0, without.TotalCount);
        Assert.Equal("voltix", without.DidYouMean);
        Assert.Null(without.CorrectedQuery);
    }

    [SkippableFact]
    public async Task Some_words_matching_beat_nothing_when_no_product_has_them_all()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("mouse pad");
        Assert.Equal([17], Ids(response));
    }

    [SkippableFact]
    public async Task Gibberish_finds_nothing()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("qqxzv");
        Assert.Equal(0, response.TotalCount);
        Assert.Empty(response.Hits);
    }

    [SkippableFact]
    public async Task Synonyms_find_each_other()
    {
        Skip.If(SkipReason is not null, SkipReason);
        Assert.Equal(new long[] { 7, 8, 9, 10, 11 }, Ids(await SearchAsync("tee")).Order().ToArray());
        Assert.Equal(new long[] { 7, 8, 9, 10, 11 }, Ids(await SearchAsync("t-shirt")).Order().ToArray());
        Assert.Equal(new long[] { 15, 16 }, Ids(await SearchAsync("laptop")).Order().ToArray());
        Assert.Equal(new long[] { 15, 16 }, Ids(await SearchAsync("notebook")).Order().ToArray());
        var trainers = Ids(await SearchAsync("trainers")).Order().ToArray();
        Assert.Equal([12, 13, 14], trainers);
        Assert.Contains(12, Ids(await SearchAsync("running shoes")));
    }

    [SkippableFact]
    public async Task The_last_word_matches_as_a_prefix()
    {
        Skip.If(SkipReason is not null, SkipReason);
        Assert.Contains(15, Ids(await SearchAsync("ultrab")));
    }

    // Filters

    [SkippableFact]
    public async Task A_category_filter_includes_its_descendants()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync(null, new SearchFilter { CategoryIds = [Men.Id] });
        Assert.Equal(IdsWhere(p => p.Categories.Contains(Men)), Ids(response).Order().ToArray());
        Assert.Equal(IdsWhere(p => p.Categories.Contains(Clothing)),
            Ids(await SearchAsync(null, new SearchFilter { CategoryIds = [Clothing.Id] })).Order().ToArray());
    }

    [SkippableFact]
    public async Task Brand_and_seller_filters_ignore_case_and_or_within_a_dimension()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var brands = await SearchAsync(null, new SearchFilter { Brands = ["STRIDE", "breeze"] });
        Assert.Equal(IdsWhere(p => p.Brand is "Stride" or "Breeze"), Ids(brands).Order().ToArray());

        var sellers = await SearchAsync("shorts", new SearchFilter { SellerHandles = ["City-Sports"] });
        Assert.Equal(IdsWhere(p => p.Title.Contains("Shorts") && p.Sellers.Contains(CitySports)), Ids(sellers).Order().ToArray());

        Assert.Equal(0, (await SearchAsync(null, new SearchFilter { Brands = ["nobody"] })).TotalCount);
    }

    [SkippableFact]
    public async Task Attribute_filters_match_options_and_attributes_by_any_case()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var m = await SearchAsync(null, new SearchFilter { Attributes = [new AttributeFilter("size", ["m"])] });
        Assert.Equal(IdsWhere(p => HasOption(p, "Size", "M")), Ids(m).Order().ToArray());

        var women = await SearchAsync(null, new SearchFilter { Attributes = [new AttributeFilter("Gender", ["WOMEN"])] });
        Assert.Equal(IdsWhere(p => p.Attributes.Contains(new DocumentAttribute("gender", "Women"))), Ids(women).Order().ToArray());
    }

    [SkippableFact]
    public async Task In_stock_only_needs_an_available_option_value_and_stock()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("shorts", new SearchFilter { Attributes = [new AttributeFilter("size", ["M"])], InStockOnly = true });
        Assert.Equal([1, 4, 6, 19], Ids(response).Order().ToArray());

        var inStock = await SearchAsync(null, new SearchFilter { InStockOnly = true });
        Assert.Equal(IdsWhere(p => p.InStock), Ids(inStock).Order().ToArray());
    }

    [SkippableFact]
    public async Task A_price_range_filters_on_the_lowest_price_inclusively()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync(null, new SearchFilter { MinPriceMinor = 2000, MaxPriceMinor = 3000 });
        Assert.Equal(IdsWhere(p => p.PriceMinor is >= 2000 and <= 3000), Ids(response).Order().ToArray());
    }

    [SkippableFact]
    public async Task Filters_combine_across_dimensions()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("shorts", new SearchFilter
        {
            Brands = ["stride"], Attributes = [new AttributeFilter("color", ["black"])], CategoryIds = [Women.Id],
        });
        Assert.Equal([4], Ids(response));
    }

    // Facets

    [SkippableFact]
    public async Task Facets_count_every_dimension_of_the_matches()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("shorts");
        var shorts = Products.Where(p => p.Title.Contains("Shorts")).ToList();
        Assert.Equal(shorts.Count(p => p.Brand == "Stride"), Count(response, FacetNames.Brand, "Stride"));
        Assert.Equal(shorts.Count(p => p.Sellers.Contains(Acme)), Count(response, FacetNames.Seller, "acme-outfitters"));
        Assert.Equal("Acme Outfitters", Facet(response, FacetNames.Seller).Values.Single(v => v.Value == "acme-outfitters").Label);
        Assert.Equal(shorts.Count(p => HasOption(p, "Size", "M")), Count(response, "size", "M"));
        Assert.Equal(shorts.Count(p => HasOption(p, "Color", "Black")), Count(response, "color", "Black"));
        Assert.Equal(shorts.Count(p => p.Attributes.Any(a => a.Value == "Women")), Count(response, "gender", "Women"));
        Assert.Equal(shorts.Count(p => p.PriceMinor is >= 2500 and < 5000), Count(response, FacetNames.Price, "25-50"));
        Assert.Equal(shorts.Count(p => p.PriceMinor < 2500), Count(response, FacetNames.Price, "0-25"));

        var brandCounts = Facet(response, FacetNames.Brand).Values.Select(v => v.Count).ToList();
        Assert.Equal(brandCounts.OrderDescending(), brandCounts);
    }

    [SkippableFact]
    public async Task Category_counts_include_descendants_and_show_slug_and_name()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync(null);
        Assert.Equal(Products.Count(p => p.Categories.Contains(Clothing)), Count(response, FacetNames.Category, "clothing"));
        Assert.Equal(Products.Count(p => p.Categories.Contains(Men)), Count(response, FacetNames.Category, "men"));
        Assert.Equal(3, Count(response, FacetNames.Category, "men-shorts"));
        Assert.Equal("Clothing", Facet(response, FacetNames.Category).Values.Single(v => v.Value == "clothing").Label);
    }

    [SkippableFact]
    public async Task Facet_counts_ignore_their_own_selection_but_apply_the_others()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync("shorts", new SearchFilter { Brands = ["Stride"], Attributes = [new AttributeFilter("size", ["M"])] });
        var shorts = Products.Where(p => p.Title.Contains("Shorts")).ToList();

        // Brands: every shorts brand in size M, though only Stride is ticked.
        Assert.Equal(shorts.Count(p => p.Brand == "Trailhead" && HasOption(p, "Size", "M")), Count(response, FacetNames.Brand, "Trailhead"));
        Assert.Equal(shorts.Count(p => p.Brand == "Stride" && HasOption(p, "Size", "M")), Count(response, FacetNames.Brand, "Stride"));
        // Sizes: every size of Stride shorts, though only M is ticked.
        Assert.Equal(shorts.Count(p => p.Brand == "Stride" && HasOption(p, "Size", "L")), Count(response, "size", "L"));
        Assert.Equal(shorts.Count(p => p.Brand == "Stride" && HasOption(p, "Size", "XS")), Count(response, "size", "XS"));
        // Other dimensions: both selections apply.
        Assert.Equal(shorts.Count(p => p.Brand == "Stride" && HasOption(p, "Size", "M") && p.Sellers.Contains(CitySports)),
            Count(response, FacetNames.Seller, "city-sports"));
        Assert.Equal(response.TotalCount, Facet(response, "gender").Values.Sum(v => v.Count));
    }

    [SkippableFact]
    public async Task Facets_are_left_out_when_not_asked_for()
    {
        Skip.If(SkipReason is not null, SkipReason);
        Assert.Empty((await SearchAsync("shorts", facets: false)).Facets);
    }

    // Sorts and paging

    [SkippableTheory]
    [InlineData(SearchSort.PriceAsc)]
    [InlineData(SearchSort.PriceDesc)]
    [InlineData(SearchSort.Newest)]
    [InlineData(SearchSort.Popularity)]
    public async Task Sorts_order_by_their_key_then_by_product_id(SearchSort sort)
    {
        Skip.If(SkipReason is not null, SkipReason);
        var filter = new SearchFilter { CategoryIds = [Clothing.Id] };
        var clothing = Products.Where(p => p.Categories.Contains(Clothing));
        var expected = (sort switch
        {
            SearchSort.PriceAsc => clothing.OrderBy(p => p.PriceMinor),
            SearchSort.PriceDesc => clothing.OrderByDescending(p => p.PriceMinor),
            SearchSort.Newest => clothing.OrderByDescending(p => p.CreatedAt),
            _ => clothing.OrderByDescending(p => p.Popularity),
        }).ThenBy(p => p.ProductId).Select(p => p.ProductId).ToArray();

        Assert.Equal(expected, Ids(await SearchAsync(null, filter, sort)));
        Assert.Equal(expected.Where(id => ById(id).Title.Contains("Shorts")), Ids(await SearchAsync("shorts", filter, sort)));
    }

    [SkippableFact]
    public async Task Pages_follow_each_other_and_count_every_match()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var all = await SearchAsync(null, sort: SearchSort.PriceAsc);
        Assert.Equal(Products.Count, all.TotalCount);

        var first = await SearchAsync(null, sort: SearchSort.PriceAsc, offset: 0, limit: 7);
        var second = await SearchAsync(null, sort: SearchSort.PriceAsc, offset: 7, limit: 7);
        var beyond = await SearchAsync(null, sort: SearchSort.PriceAsc, offset: 100, limit: 7);
        Assert.Equal(Ids(all).Take(14), Ids(first).Concat(Ids(second)));
        Assert.All(new[] { first, second, beyond }, r => Assert.Equal(Products.Count, r.TotalCount));
        Assert.Empty(beyond.Hits);
        Assert.Empty((await SearchAsync("shorts", limit: 0)).Hits);
    }

    // Highlights

    [SkippableFact]
    public async Task Highlights_wrap_matched_words_and_encode_the_rest()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Engine.IndexAsync([ById(20) with { Description = "Waterproof <shell> & hood." }], [], CancellationToken.None);
        var encoded = await Engine.SearchAsync(new SearchRequest { Text = "waterproof" }, CancellationToken.None);
        Assert.Equal("<em>Waterproof</em> &lt;shell&gt; &amp; hood.",
            encoded.Hits.Single().Highlights.Single(h => h.Field == "description").Fragments.Single());

        var response = await Engine.SearchAsync(new SearchRequest { Text = "running shorts" }, CancellationToken.None);
        var hit = response.Hits.Single(h => h.ProductId == 1);
        var title = hit.Highlights.Single(h => h.Field == "title").Fragments.Single();
        Assert.EndsWith("<em>Running</em> <em>Shorts</em>", title);
        Assert.Contains("<em>", hit.Highlights.Single(h => h.Field == "description").Fragments[0]);

        var without = await Engine.SearchAsync(new SearchRequest { Text = "running shorts", IncludeHighlights = false }, CancellationToken.None);
        Assert.All(without.Hits, h => Assert.Empty(h.Highlights));
    }

    // Suggestions

    [SkippableFact]
    public async Task Suggestions_offer_titles_brands_categories_and_popular_queries_by_weight()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Engine.ReplacePopularQueriesAsync([new PopularQuery("running shorts", 10_000), new PopularQuery("STRIDE", 1)], CancellationToken.None);

        var run = await Engine.SuggestAsync("runn", 10, CancellationToken.None);
        // The most searched query leads; weights are each engine's own scale, only their order is the contract.
        Assert.Equal(("running shorts", SuggestionKind.Query, (string?)null), (run[0].Text, run[0].Kind, run[0].Key));
        Assert.Contains(run, s => s is { Text: "Running Club Training Shorts", Kind: SuggestionKind.Product, Key: "19" });
        var weights = run.Select(s => s.Weight).ToList();
        Assert.Equal(weights.OrderDescending(), weights);

        var str = await Engine.SuggestAsync("Str", 10, CancellationToken.None);
        Assert.Single(str, s => s.Text.Equals("stride", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(str, s => s is { Text: "Stride", Kind: SuggestionKind.Brand });

        Assert.Contains(await Engine.SuggestAsync("sneak", 10, CancellationToken.None), s => s is { Kind: SuggestionKind.Category, Key: "sneakers" });
        Assert.Equal(2, (await Engine.SuggestAsync("s", 2, CancellationToken.None)).Count);
        Assert.Empty(await Engine.SuggestAsync("zzzz", 5, CancellationToken.None));
        Assert.Empty(await Engine.SuggestAsync("", 5, CancellationToken.None));
    }

    // Writes

    [SkippableFact]
    public async Task An_upsert_replaces_the_product_and_a_delete_removes_it()
    {
        Skip.If(SkipReason is not null, SkipReason);
        await Engine.IndexAsync([ById(1) with { Title = "Men's Swim Shorts", Brand = "Wave" }], [2], CancellationToken.None);

        Assert.Equal(new long[] { 1 }, Ids(await SearchAsync("swim")));
        Assert.DoesNotContain(1, Ids(await SearchAsync("running")));
        Assert.DoesNotContain(2, Ids(await SearchAsync("shorts")));
        var all = await SearchAsync(null);
        Assert.Equal(Products.Count - 1, all.TotalCount);
        Assert.Equal(1, Count(all, FacetNames.Brand, "Wave"));
        Assert.Equal(3, Count(all, FacetNames.Brand, "Trailhead"));
        var health = await Engine.CheckHealthAsync(CancellationToken.None);
        Assert.True(health.Available);
        Assert.Equal(Products.Count - 1, health.DocumentCount);
    }

    // Input

    [SkippableTheory]
    [InlineData("title:(*")]
    [InlineData("\"unbalanced")]
    [InlineData("*?~^")]
    [InlineData("shorts\u0000\u0007\u001f")]
    [InlineData("AND OR NOT")]
    [InlineData("the")]
    [InlineData("   ")]
    [InlineData("shorts) OR (title:*")]
    public async Task Any_text_is_searched_as_words(string text)
    {
        Skip.If(SkipReason is not null, SkipReason);
        var response = await SearchAsync(text);
        Assert.True(response.TotalCount >= 0);
        if (text.StartsWith("shorts", StringComparison.Ordinal)) Assert.Contains(1, Ids(response));
    }

    [SkippableFact]
    public async Task Very_long_text_is_cut_to_its_first_words()
    {
        Skip.If(SkipReason is not null, SkipReason);
        var text = string.Concat(Enumerable.Repeat("shorts ", 1_430))[..10_000];
        var response = await SearchAsync(text);
        Assert.Contains(1, Ids(response));
        await Engine.SuggestAsync(text, 5, CancellationToken.None);
    }
}
