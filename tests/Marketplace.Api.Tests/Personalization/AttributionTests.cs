using System.Security.Claims;
using System.Text.Json.Nodes;
using Marketplace.Api.Data;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Personalization;
using Marketplace.Api.Personalization.Attribution;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Tests.Personalization;

public sealed class AttributionHoldoutTests
{
    private static PersonalizationHoldout Holdout(double percent) => new(Options.Create(new HoldoutOptions { HoldoutPercent = percent }));

    private static readonly string[] Keys = [.. Enumerable.Range(0, 10_000).Select(i => $"visitor:v-{i:D6}-{i * 7919 % 10_007}")];

    [Fact]
    public void A_visitor_is_in_the_same_group_on_every_call_and_in_every_instance()
    {
        var (first, second) = (Holdout(10), Holdout(10));

        var groups = Keys.Select(first.IsHeldOut).ToList();

        Assert.Equal(groups, Keys.Select(first.IsHeldOut));
        Assert.Equal(groups, Keys.Select(second.IsHeldOut));
    }

    [Fact]
    public void About_the_configured_share_of_visitors_is_held_out()
    {
        var holdout = Holdout(10);

        var share = Keys.Count(holdout.IsHeldOut) / (double)Keys.Length;

        Assert.InRange(share, 0.08, 0.12);
    }

    [Fact]
    public void A_share_of_zero_holds_out_nobody()
    {
        var holdout = Holdout(0);

        Assert.DoesNotContain(Keys, holdout.IsHeldOut);
    }

    [Fact]
    public void A_visitor_who_signs_in_keeps_their_group()
    {
        var http = new DefaultHttpContext();
        http.Request.Headers[VisitorId.Header] = "visitor-signing-in-1";
        var signedIn = new Viewer(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimNames.Subject, "buyer-77")], "Bearer")));

        var before = PersonalizationHoldout.PersonKey(Viewer.Anonymous, http);
        var after = PersonalizationHoldout.PersonKey(signedIn, http);

        Assert.NotNull(before);
        Assert.Equal(before, after);
        Assert.Equal("customer:buyer-77", PersonalizationHoldout.PersonKey(signedIn, new DefaultHttpContext()));
        Assert.Null(PersonalizationHoldout.PersonKey(Viewer.Anonymous, new DefaultHttpContext()));
    }

    [Fact]
    public void A_holdout_share_above_half_is_refused()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Personalization:HoldoutPercent"] = "60" }).Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddPersonalization().BuildServiceProvider();

        Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<HoldoutOptions>>().Value);
    }

    [Fact]
    public void A_held_out_visitor_is_not_personalized_and_the_rest_are_when_their_profile_allows()
    {
        var holdout = Holdout(50);
        var visitors = Enumerable.Range(0, 100).Select(i => $"audience-visitor-{i:D3}").ToList();
        var heldOut = visitors.First(v => holdout.IsHeldOut("visitor:" + v));
        var included = visitors.First(v => !holdout.IsHeldOut("visitor:" + v));
        var profile = Marketplace.Api.Personalization.CallerFeatures.Anonymous with { Personalizable = true };

        PersonalizationAudience For(string visitorId)
        {
            var http = new DefaultHttpContext();
            http.Request.Headers[VisitorId.Header] = visitorId;
            return new PersonalizationAudience(holdout, Viewer.Anonymous, new HttpContextAccessor { HttpContext = http });
        }

        Assert.True(For(heldOut).IsHeldOut);
        Assert.False(For(heldOut).GroupOf(enabled: true, profile));
        Assert.True(For(included).GroupOf(enabled: true, profile));
        Assert.Null(For(included).GroupOf(enabled: false, profile));
        Assert.Null(For(included).GroupOf(enabled: true, Marketplace.Api.Personalization.CallerFeatures.Anonymous));
    }

    [Fact]
    public void A_request_id_names_its_surface_and_group_and_anything_else_names_none()
    {
        var id = RequestIds.Create(ResponseSurface.Recommendations, personalized: true);

        Assert.True(RequestIds.TryRead(id, out var surface, out var personalized));
        Assert.Equal((ResponseSurface.Recommendations, true), (surface, personalized));
        Assert.True(RequestIds.TryRead(RequestIds.Create(ResponseSurface.Search, false), out surface, out personalized));
        Assert.Equal((ResponseSurface.Search, false), (surface, personalized));
        foreach (var garbage in new[] { null, "", "garbage", "x1-" + Guid.NewGuid().ToString("N"), "s2-" + Guid.NewGuid().ToString("N"), "s1-not-a-guid-at-all-but-35-chars!", "s1_" + Guid.NewGuid().ToString("N") })
            Assert.False(RequestIds.TryRead(garbage, out _, out _), garbage);
    }
}

/// <summary>A clock stopped at one moment, so impressions land on a day no other test counts into.</summary>
public sealed class StoppedClock(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;
}

public class AttributionApi : MarketplaceApiFactory
{
    public AttributionApi() : this(TestDatabaseKind.Sqlite) { }

    protected AttributionApi(TestDatabaseKind kind) : base(kind) { }
}

public sealed class PostgresAttributionApi() : AttributionApi(TestDatabaseKind.Postgres);

public sealed class AttributionTestsOnSqlite(AttributionApi api) : AttributionTests<AttributionApi>(api);

public sealed class AttributionTestsOnPostgres(PostgresAttributionApi api) : AttributionTests<PostgresAttributionApi>(api);

public abstract class AttributionTests<TApi>(TApi api) : DatabaseTests<TApi>(api) where TApi : AttributionApi
{
    private const string Stats = """
        query($from: DateTime!, $to: DateTime!) { personalizationStats(from: $from, to: $to) {
          from to clickThroughLift
          personalized { impressions clicks addToCarts clickThroughRate addToCartRate }
          control { impressions clicks addToCarts clickThroughRate addToCartRate }
          bySurface { surface personalized { impressions clicks addToCarts } control { impressions clicks addToCarts } }
        } }
        """;

    private static readonly DateTime Today = DateTime.UtcNow.Date;

    private Task<JsonNode> TodayAsync() => StatsAsync(Today, Today.AddDays(1).AddTicks(-1));

    private async Task<JsonNode> StatsAsync(DateTime from, DateTime to)
    {
        using var admin = api.CreateClient(api.AdminToken());
        return (await admin.PostGraphQLAsync(Stats, new { from, to })).DataOrFail()["personalizationStats"]!;
    }

    private static long Count(JsonNode stats, string group, string outcome, string? surface = null)
    {
        var node = surface is null ? stats[group]! : stats["bySurface"]!.AsArray().Single(s => s!["surface"]!.GetValue<string>() == surface)![group]!;
        return node[outcome]!.GetValue<long>();
    }

    private async Task<string> SearchAsync(HttpClient client) =>
        (await client.PostGraphQLAsync("{ search(query: \"shirt\", first: 5) { requestId totalCount } }")).DataOrFail()["search"]!["requestId"]!.GetValue<string>();

    private async Task<long> ProductIdAsync() => (await api.ProductIdsAsync("", 1))[0];

    /// <summary>A visitor with a profile, so searches count in the experiment (tests hold out nobody by default).</summary>
    private async Task<HttpClient> KnownVisitorAsync(string visitorId)
    {
        var visitor = api.Visitor(visitorId);
        await visitor.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
        return visitor;
    }

    private static Dictionary<string, object?> Outcome(string type, long productId, string? requestId, string? eventId = null) =>
        ProfilesKit.Event(type, productId, eventId: eventId, extra: new { requestId });

    [SkippableFact]
    public async Task A_search_answers_with_a_request_id_naming_its_group_and_a_caller_outside_the_experiment_counts_nowhere()
    {
        using var client = await KnownVisitorAsync("attribution-search-1");
        using var anonymous = api.CreateClient();
        var before = await TodayAsync();

        var requestId = await SearchAsync(client);
        var outside = await SearchAsync(anonymous);

        Assert.Matches("^s1-[0-9a-f]{32}$", requestId);
        Assert.NotEqual(requestId, await SearchAsync(client));
        Assert.Matches("^sx-[0-9a-f]{32}$", outside);
        var after = await TodayAsync();
        Assert.Equal(2, Count(after, "personalized", "impressions") - Count(before, "personalized", "impressions"));
        Assert.Equal(Count(before, "control", "impressions"), Count(after, "control", "impressions"));
    }

    [SkippableFact]
    public async Task Clicks_and_add_to_carts_that_cite_a_search_count_for_it()
    {
        var before = await TodayAsync();
        using var visitor = await KnownVisitorAsync("attribution-outcomes-1");
        var productId = await ProductIdAsync();
        var first = await SearchAsync(visitor);
        await SearchAsync(visitor);

        var track = await visitor.TrackAsync(Outcome("CLICK", productId, first), Outcome("CLICK", productId, first), Outcome("ADD_TO_CART", productId, first));

        Assert.Equal(3, track["accepted"]!.GetValue<int>());
        var after = await TodayAsync();
        Assert.Equal(2, Count(after, "personalized", "impressions") - Count(before, "personalized", "impressions"));
        Assert.Equal(2, Count(after, "personalized", "clicks") - Count(before, "personalized", "clicks"));
        Assert.Equal(1, Count(after, "personalized", "addToCarts") - Count(before, "personalized", "addToCarts"));
        Assert.Equal(2, Count(after, "personalized", "clicks", "SEARCH") - Count(before, "personalized", "clicks", "SEARCH"));
        Assert.Equal(Count(before, "control", "clicks"), Count(after, "control", "clicks"));
        Assert.Equal(Count(before, "personalized", "clicks", "RECOMMENDATIONS"), Count(after, "personalized", "clicks", "RECOMMENDATIONS"));
        var personalized = after["personalized"]!;
        Assert.Equal((double)Count(after, "personalized", "clicks") / Count(after, "personalized", "impressions"), personalized["clickThroughRate"]!.GetValue<double>(), 9);
        Assert.Equal((double)Count(after, "personalized", "addToCarts") / Count(after, "personalized", "impressions"), personalized["addToCartRate"]!.GetValue<double>(), 9);
    }

    [SkippableFact]
    public async Task An_outcome_counts_for_the_surface_and_group_its_request_id_names()
    {
        var before = await TodayAsync();
        using var visitor = api.Visitor("attribution-outcomes-2");
        var productId = await ProductIdAsync();

        await visitor.TrackAsync(
            Outcome("CLICK", productId, RequestIds.Create(ResponseSurface.Recommendations, personalized: true)),
            Outcome("ADD_TO_CART", productId, RequestIds.Create(ResponseSurface.Recommendations, personalized: true)),
            Outcome("ADD_TO_CART", productId, RequestIds.Create(ResponseSurface.Search, personalized: true)));

        var after = await TodayAsync();
        Assert.Equal(1, Count(after, "personalized", "clicks", "RECOMMENDATIONS") - Count(before, "personalized", "clicks", "RECOMMENDATIONS"));
        Assert.Equal(1, Count(after, "personalized", "addToCarts", "RECOMMENDATIONS") - Count(before, "personalized", "addToCarts", "RECOMMENDATIONS"));
        Assert.Equal(1, Count(after, "personalized", "addToCarts", "SEARCH") - Count(before, "personalized", "addToCarts", "SEARCH"));
        Assert.Equal(Count(before, "control", "clicks"), Count(after, "control", "clicks"));
        Assert.Equal(Count(before, "control", "addToCarts"), Count(after, "control", "addToCarts"));
    }

    [SkippableFact]
    public async Task A_replayed_event_is_counted_once()
    {
        using var visitor = await KnownVisitorAsync("attribution-replay-1");
        var productId = await ProductIdAsync();
        var requestId = await SearchAsync(visitor);
        var click = Outcome("CLICK", productId, requestId, eventId: Guid.NewGuid().ToString());
        var before = await TodayAsync();

        Assert.Equal(1, (await visitor.TrackAsync(click))["accepted"]!.GetValue<int>());
        var replay = await visitor.TrackAsync(click);

        Assert.Equal(["DUPLICATE_EVENT"], replay.RejectionCodes());
        Assert.Equal(1, Count(await TodayAsync(), "personalized", "clicks") - Count(before, "personalized", "clicks"));
    }

    [SkippableFact]
    public async Task A_request_id_that_is_not_ours_is_ignored_but_its_event_is_stored()
    {
        using var visitor = api.Visitor("attribution-garbage-1");
        var productId = await ProductIdAsync();
        var eventId = Guid.NewGuid().ToString();
        var before = await TodayAsync();

        var track = await visitor.TrackAsync(
            Outcome("CLICK", productId, "not-a-request-id", eventId),
            Outcome("ADD_TO_CART", productId, "x1-" + Guid.NewGuid().ToString("N")));

        Assert.Equal(2, track["accepted"]!.GetValue<int>());
        var after = await TodayAsync();
        foreach (var group in new[] { "personalized", "control" })
            foreach (var outcome in new[] { "clicks", "addToCarts" })
                Assert.Equal(Count(before, group, outcome), Count(after, group, outcome));
        Assert.Equal("not-a-request-id", await api.QueryDbAsync(db => db.TrackedEvents.Where(e => e.EventId == eventId).Select(e => e.RequestId).SingleAsync()));
    }

    [SkippableFact]
    public async Task Impressions_flushed_by_two_instances_add_up()
    {
        var day = new DateTimeOffset(2021, 3, 4, 12, 0, 0, TimeSpan.Zero);
        var (one, two) = (new PersonalizationAttribution(new StoppedClock(day)), new PersonalizationAttribution(new StoppedClock(day)));
        for (var i = 0; i < 3; i++) one.BeginResponse(ResponseSurface.Search, personalized: true);
        for (var i = 0; i < 2; i++) one.BeginResponse(ResponseSurface.Recommendations, personalized: false);
        for (var i = 0; i < 4; i++) two.BeginResponse(ResponseSurface.Search, personalized: true);

        await FlushAsync(one);
        await FlushAsync(two);
        one.BeginResponse(ResponseSurface.Search, personalized: true);
        await FlushAsync(one);
        await FlushAsync(two);

        var stats = await StatsAsync(day.UtcDateTime.Date, day.UtcDateTime.Date);
        Assert.Equal(8, Count(stats, "personalized", "impressions", "SEARCH"));
        Assert.Equal(2, Count(stats, "control", "impressions", "RECOMMENDATIONS"));
        Assert.Equal(0, Count(stats, "control", "impressions", "SEARCH"));
        Assert.Equal(10, Count(stats, "personalized", "impressions") + Count(stats, "control", "impressions"));
    }

    [SkippableFact]
    public async Task Impressions_flushed_by_two_instances_at_the_same_moment_add_up()
    {
        var day = new DateTimeOffset(2021, 5, 6, 12, 0, 0, TimeSpan.Zero);
        var instances = Enumerable.Range(0, 2).Select(_ => new PersonalizationAttribution(new StoppedClock(day))).ToList();

        for (var round = 0; round < 5; round++)
        {
            foreach (var instance in instances)
                for (var i = 0; i < 10; i++) instance.BeginResponse(ResponseSurface.Recommendations, personalized: round % 2 == 0);
            await Task.WhenAll(instances.Select(FlushAsync));
        }

        var stats = await StatsAsync(day.UtcDateTime.Date, day.UtcDateTime.Date);
        Assert.Equal(60, Count(stats, "personalized", "impressions", "RECOMMENDATIONS"));
        Assert.Equal(40, Count(stats, "control", "impressions", "RECOMMENDATIONS"));
    }

    private async Task FlushAsync(PersonalizationAttribution attribution)
    {
        await using var scope = api.Services.CreateAsyncScope();
        await attribution.FlushAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDb>(), CancellationToken.None);
    }

    [SkippableFact]
    public async Task Only_admins_see_personalization_stats()
    {
        var variables = new { from = Today, to = Today };
        using var anonymous = api.CreateClient();
        using var buyer = api.CreateClient(api.BuyerToken("attribution-buyer"));

        Assert.Equal("UNAUTHENTICATED", (await anonymous.PostGraphQLAsync(Stats, variables)).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(Stats, variables)).FirstErrorCode);
    }

    [SkippableFact]
    public async Task A_reversed_or_over_long_range_is_bad_user_input()
    {
        using var admin = api.CreateClient(api.AdminToken());

        var reversed = await admin.PostGraphQLAsync(Stats, new { from = Today, to = Today.AddDays(-1) });
        var tooLong = await admin.PostGraphQLAsync(Stats, new { from = Today.AddDays(-367), to = Today });
        var longest = await admin.PostGraphQLAsync(Stats, new { from = Today.AddDays(-366), to = Today });

        Assert.Equal("BAD_USER_INPUT", reversed.FirstErrorCode);
        Assert.Equal("BAD_USER_INPUT", tooLong.FirstErrorCode);
        Assert.Null(longest.FirstErrorCode);
    }
}

public sealed class AttributionShutdownTests
{
    [Fact]
    public async Task An_instance_that_stops_writes_the_impressions_it_counted()
    {
        var api = new AttributionApi { KeepDataOnDispose = true };
        try
        {
            using (var client = api.Visitor("attribution-shutdown-1"))
            {
                await client.TrackAsync(ProfilesKit.Event("PAGE_VIEW"));
                (await client.PostGraphQLAsync("{ search(query: \"shirt\", first: 1) { requestId } }")).DataOrFail();
            }

            api.Dispose();

            await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(api.DataDirectory, "marketplace.db")};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(SUM(\"Impressions\"), 0) FROM \"PersonalizationStats\" WHERE \"Surface\" = 'Search'";
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        }
        finally
        {
            api.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(api.DataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>No SQL Server runs here: the statement that adds to the stats is read, not run (as in SqlServerTests).</summary>
public sealed class AttributionSqlServerTests
{
    [Fact]
    public async Task The_sql_server_stats_upsert_is_one_locked_merge_that_adds()
    {
        var recorder = new RecordingSqlInterceptor();
        var data = Directory.CreateTempSubdirectory("marketplace-sqlserver-").FullName;
        var builder = MarketplaceHost.CreateBuilder([
            "--DataDirectory", data, "--environment", "Testing", "--urls", "http://127.0.0.1:0",
            "--Database:Provider=SqlServer", "--ConnectionStrings:Marketplace=Server=unused;Database=marketplace;TrustServerCertificate=True"]);
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(recorder);
        await using var app = builder.Build();
        await using var scope = app.Services.CreateAsyncScope();

        await PersonalizationStats.AddAsync(scope.ServiceProvider.GetRequiredService<MarketplaceDb>(),
            [new StatIncrement(new DateOnly(2026, 11, 29), ResponseSurface.Search, true, 5, 2, 1)], CancellationToken.None);

        var merge = Assert.Single(recorder.Commands);
        Assert.Contains("MERGE [PersonalizationStats] WITH (HOLDLOCK)", merge);
        Assert.Contains("t.[Impressions] = t.[Impressions] + s.[Impressions]", merge);
        Snapshooter.Xunit.Snapshot.Match(merge);
        try { Directory.Delete(data, recursive: true); } catch (IOException) { }
    }
}
