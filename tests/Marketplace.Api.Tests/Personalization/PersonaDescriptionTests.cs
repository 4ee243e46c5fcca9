using Marketplace.Api.Personalization;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Personalization;

public sealed class PersonaDescriptionTestsOnSqlite(SegmentsApi api) : PersonaDescriptionTests<SegmentsApi>(api);

public sealed class PersonaDescriptionTestsOnPostgres(PostgresSegmentsApi api) : PersonaDescriptionTests<PostgresSegmentsApi>(api);

public abstract class PersonaDescriptionTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : SegmentsApi
{
    private const string Descriptions = """
        query($slug: String!) { product(slug: $slug) {
          plain: description full: description(format: FULL) short: description(format: SHORT) persona: description(format: PERSONA) } }
        """;

    private sealed record Text(string Plain, string Full, string Short, string Persona);

    /// <summary>A product whose first sentence fits in 12 words and whose first two do not.</summary>
    private async Task<(string Slug, string Description, string FirstSentence)> ProductAsync()
    {
        var products = await api.QueryDbAsync(db => db.Products.Where(p => p.Description != null).OrderBy(p => p.Id).Take(200)
            .Select(p => new { p.Slug, p.Description }).ToListAsync());
        static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return products.Select(p => (p.Slug, p.Description!, Sentences: p.Description!.Split(". ")))
            .Where(p => p.Sentences.Length >= 3 && Words(p.Sentences[0]) <= 12 && Words(p.Sentences[0]) + Words(p.Sentences[1]) > 12)
            .Select(p => (p.Slug, p.Item2, p.Sentences[0] + "."))
            .First();
    }

    /// <summary>A visitor whose country puts them in a segment with the persona.</summary>
    private async Task<HttpClient> VisitorWithPersonaAsync(string country, object persona)
    {
        var segment = await SegmentTests<TApi>.CreateSegmentAsync(api, $"Description readers {country}", $"traits.country = \"{country}\"");
        using (var admin = api.CreateClient(api.AdminToken()))
        {
            var created = (await admin.PostGraphQLAsync("mutation($input: PersonaInput!) { createPersona(input: $input) { userErrors { code } } }",
                new { input = new Dictionary<string, object?>(persona.GetType().GetProperties().Select(p => KeyValuePair.Create(p.Name, p.GetValue(persona))))
                {
                    ["segments"] = new[] { new { segmentId = segment, priority = 1 } },
                } })).DataOrFail();
            Assert.Empty(created["createPersona"]!["userErrors"]!.AsArray());
        }
        var visitor = api.Visitor($"description-visitor-{country.ToLowerInvariant()}");
        (await visitor.PostGraphQLAsync("mutation($c: String) { updateProfileTraits(input: {country: $c}) { profile { id } } }", new { c = country })).DataOrFail();
        return visitor;
    }

    private static async Task<Text> DescriptionsAsync(HttpClient client, string slug)
    {
        var product = (await client.PostGraphQLAsync(Descriptions, new { slug })).DataOrFail()["product"]!;
        return new Text(product["plain"]!.GetValue<string>(), product["full"]!.GetValue<string>(), product["short"]!.GetValue<string>(), product["persona"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_text_reader_who_wants_few_words_gets_the_first_sentences_that_fit()
    {
        var (slug, description, firstSentence) = await ProductAsync();
        using var reader = await VisitorWithPersonaAsync("DE", new { name = "Skimmer", contentFormat = "TEXT", descriptionWords = 12 });

        var text = await DescriptionsAsync(reader, slug);

        Assert.Equal(firstSentence, text.Persona);
        Assert.Equal(firstSentence, text.Short);
        Assert.Equal((description, description), (text.Plain, text.Full));
    }

    [SkippableFact]
    public async Task A_video_watcher_and_a_text_reader_without_a_length_get_the_whole_text()
    {
        var (slug, description, _) = await ProductAsync();
        using var watcher = await VisitorWithPersonaAsync("FR", new { name = "Watcher", contentFormat = "VIDEO", descriptionWords = 12 });
        using var reader = await VisitorWithPersonaAsync("IT", new { name = "Reader", contentFormat = "TEXT", descriptionWords = 0 });

        Assert.Equal(description, (await DescriptionsAsync(watcher, slug)).Persona);
        Assert.Equal(description, (await DescriptionsAsync(reader, slug)).Persona);
    }

    [SkippableFact]
    public async Task Without_a_persona_the_description_is_whole_and_short_means_thirty_words()
    {
        var (slug, description, _) = await ProductAsync();
        using var stranger = api.Visitor("description-visitor-none");
        using var anonymous = api.CreateClient();

        var text = await DescriptionsAsync(stranger, slug);
        Assert.Equal((description, description, description), (text.Plain, text.Full, text.Persona));
        Assert.True(text.Short.Split(' ').Length <= ProductDescriptions.ShortWords, text.Short);
        Assert.StartsWith(text.Short.TrimEnd('…'), description);
        Assert.Equal(description, (await DescriptionsAsync(anonymous, slug)).Persona);
    }
}

public sealed class PersonaDescriptionShorteningTests
{
    [Theory]
    [InlineData("Light and warm. Packs small. Machine washable.", 5, "Light and warm. Packs small.")]
    [InlineData("Light and warm. Packs small. Machine washable.", 2, "Light and…")]
    [InlineData("A jacket that keeps you warm, dry and comfortable all day.", 4, "A jacket that keeps…")]
    [InlineData("Soft, light, warm.", 1, "Soft…")]
    [InlineData("Fits in full.", 3, "Fits in full.")]
    public void A_short_description_keeps_whole_sentences_else_cuts_at_a_word_with_an_ellipsis(string text, int words, string expected) =>
        Assert.Equal(expected, ProductDescriptions.Shorten(text, words));
}
