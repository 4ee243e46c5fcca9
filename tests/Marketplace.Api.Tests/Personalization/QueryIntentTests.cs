using Marketplace.Api.Personalization;

namespace Marketplace.Api.Tests.Personalization;

public sealed class QueryIntentTests
{
    private static readonly QueryIntentVocabulary Demo = new(
        genders: ["women", "men", "unisex"],
        colors: ["Black", "Matte Black", "Navy", "Light Blue", "Red"],
        sizes: ["XS", "S", "M", "L", "XL", "XXL", "9", "10"],
        categories: [("women-shorts", "Shorts"), ("men-shorts", "Shorts"), ("women-t-shirts", "T-Shirts"), ("men-sneakers", "Sneakers"), ("women-dresses", "Dresses")]);

    private static (string[] Genders, string[] Colors, string[] Sizes, string[] Categories, string Text) Parse(string query)
    {
        var intent = QueryIntentParser.Parse(query, Demo);
        return ([.. intent.ValuesOf(IntentKind.Gender)], [.. intent.ValuesOf(IntentKind.Color)], [.. intent.ValuesOf(IntentKind.Size)],
            [.. intent.ValuesOf(IntentKind.Category)], intent.RemainingText);
    }

    [Theory]
    [InlineData("women's shorts", "women")]
    [InlineData("Womens shorts", "women")]
    [InlineData("ladies shorts", "women")]
    [InlineData("female shorts", "women")]
    [InlineData("men’s shorts", "men")]
    [InlineData("MENS shorts", "men")]
    [InlineData("male shorts", "men")]
    public void Gender_words_become_the_catalogs_gender_and_leave_the_text(string query, string gender)
    {
        var parsed = Parse(query);
        Assert.Equal([gender], parsed.Genders);
        Assert.Equal("shorts", parsed.Text);
        Assert.Equal(["men-shorts", "women-shorts"], parsed.Categories);
    }

    [Fact]
    public void A_plain_query_has_no_gender_and_keeps_its_words()
    {
        var parsed = Parse("shorts");
        Assert.Empty(parsed.Genders);
        Assert.Equal("shorts", parsed.Text);
    }

    [Fact]
    public void Colors_match_the_longest_catalog_phrase_and_stay_searchable()
    {
        var parsed = Parse("matte black sneakers");
        Assert.Equal(["matte black"], parsed.Colors);
        Assert.Equal(["men-sneakers"], parsed.Categories);
        Assert.Equal("matte black sneakers", parsed.Text);
        Assert.Equal(["light blue", "red"], Parse("light blue or red dress").Colors);
    }

    [Fact]
    public void Sizes_are_sizes_only_where_they_cannot_be_words()
    {
        Assert.Equal(["XL"], Parse("xl tee").Sizes);
        Assert.Equal(["M"], Parse("shorts size m").Sizes);
        Assert.Equal("shorts", Parse("shorts size m").Text);
        Assert.Equal(["9"], Parse("sneakers size 9").Sizes);
        Assert.Empty(Parse("m shorts").Sizes);
        Assert.Empty(Parse("9 sneakers").Sizes);
    }

    [Fact]
    public void A_gender_the_catalog_does_not_have_is_not_intent()
    {
        var adultsOnly = new QueryIntentVocabulary(["unisex"], [], [], []);
        Assert.Empty(QueryIntentParser.Parse("women's shorts", adultsOnly).Signals);
        Assert.Empty(QueryIntentParser.Parse("   ", Demo).Signals);
    }
}

public sealed class QueryIntentVocabularyTests(Marketplace.Api.Tests.Infrastructure.MarketplaceApiFactory api) : IClassFixture<Marketplace.Api.Tests.Infrastructure.MarketplaceApiFactory>
{
    [Fact]
    public async Task The_demo_catalogs_own_values_make_the_vocabulary()
    {
        var vocabulary = await api.QueryDbAsync(db => QueryIntentVocabularySource.LoadAsync(db, CancellationToken.None));

        var intent = QueryIntentParser.Parse("women's black shorts size m", vocabulary);

        Assert.Equal(["women"], intent.ValuesOf(IntentKind.Gender));
        Assert.Equal(["black"], intent.ValuesOf(IntentKind.Color));
        Assert.Equal(["M"], intent.ValuesOf(IntentKind.Size));
        Assert.Contains("women-shorts", intent.ValuesOf(IntentKind.Category));
        Assert.Contains("men-shorts", intent.ValuesOf(IntentKind.Category));
        Assert.Equal("black shorts", intent.RemainingText);
    }
}
