using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Subscriptions;

/// <summary>graphql-transport-ws at /graphql, through the test host's real WebSocket, with real tokens.</summary>
public sealed class WebSocketProtocolTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Notifications = "subscription { sellerNotifications { name data at } }";

    private Task<string> ActiveSellerAsync(int skip = 0) =>
        api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(skip).Select(s => s.Handle).FirstAsync());

    [Fact]
    public async Task Connection_init_is_acknowledged_and_a_ping_answered_with_a_pong()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, api.BuyerToken());

        await client.SendAsync(new { type = "ping" });

        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_ping_before_connection_init_is_answered_too()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(api);

        await client.SendAsync(new { type = "ping" });

        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_query_runs_over_the_socket_as_next_then_complete()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api);

        await client.SubscribeAsync("q1", "{ categories { slug } }");
        var next = await client.ReceiveAsync();
        var complete = await client.ReceiveAsync();

        Assert.Equal(("next", "q1"), (next["type"]!.GetValue<string>(), next["id"]!.GetValue<string>()));
        Assert.NotEmpty(next["payload"]!["data"]!["categories"]!.AsArray());
        Assert.Equal(("complete", "q1"), (complete["type"]!.GetValue<string>(), complete["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_mutation_runs_over_the_socket_as_the_signed_in_seller()
    {
        var handle = await ActiveSellerAsync();
        var category = await api.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(handle));

        await client.SubscribeAsync("m1",
            "mutation($input: ListingInput!) { createListing(input: $input) { listing { sku } userErrors { code } } }",
            new { input = new { sku = "OVER-THE-SOCKET-1", price = 9.99m, stock = 1, publish = true, product = new { title = "Sent Over A Socket", categorySlug = category } } });
        var next = await client.ReceiveAsync();

        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("OVER-THE-SOCKET-1", next["payload"]!["data"]!["createListing"]!["listing"]!["sku"]!.GetValue<string>());
        Assert.Equal("complete", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_persisted_query_registered_over_http_runs_over_the_socket_by_its_hash()
    {
        const string query = "query OverTheSocket { categories { slug } }";
        var extensions = new { persistedQuery = new { version = 1, sha256Hash = Marketplace.Api.GraphQL.Persisted.PersistedQueryStore.HashOf(query) } };
        using var http = api.CreateClient();
        (await http.PostGraphQLAsync(query, extensions: extensions)).DataOrFail();
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api);

        await client.SendAsync(new { id = "p", type = "subscribe", payload = new { extensions } });
        var next = await client.ReceiveAsync();

        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.NotEmpty(next["payload"]!["data"]!["categories"]!.AsArray());
    }

    [Fact]
    public async Task A_document_that_does_not_validate_answers_with_an_error_message()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api);

        await client.SubscribeAsync("bad", "{ noSuchField }");
        var error = await client.ReceiveAsync();

        Assert.Equal(("error", "bad"), (error["type"]!.GetValue<string>(), error["id"]!.GetValue<string>()));
        Assert.Equal("GRAPHQL_VALIDATION_FAILED", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_bad_token_closes_the_socket_with_4403()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(api);

        await client.SendAsync(new { type = "connection_init", payload = new { token = "not-a-jwt" } });

        Assert.Equal(4403, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_token_in_the_token_field_is_accepted()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(api);

        await client.SendAsync(new { type = "connection_init", payload = new { token = api.BuyerToken() } });

        Assert.Equal("connection_ack", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_socket_closes_with_4403_when_its_token_expires()
    {
        var shortLived = api.IssueToken("buyer-short", ["buyer"], lifetime: TimeSpan.FromSeconds(1));
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, shortLived);

        Assert.Equal(4403, await client.ReceiveCloseAsync());
    }

    [Theory]
    [InlineData("""{"type":"no_such_type"}""")]
    [InlineData("""{"type":"next","id":"1","payload":{}}""")]
    [InlineData("this is not json")]
    [InlineData("""{"id":"1"}""")]
    public async Task An_unknown_or_malformed_message_closes_the_socket_with_4400(string message)
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api);

        await client.SendTextAsync(message);

        Assert.Equal(4400, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_second_connection_init_closes_the_socket_with_4429()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api);

        await client.SendAsync(new { type = "connection_init" });

        Assert.Equal(4429, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Subscribing_before_connection_ack_closes_the_socket_with_4401()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(api);

        await client.SubscribeAsync("early", "{ categories { slug } }");

        Assert.Equal(4401, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_second_subscription_with_an_id_in_use_closes_the_socket_with_4409()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(await ActiveSellerAsync()));

        await client.SubscribeAsync("same", Notifications);
        await client.SubscribeAsync("same", Notifications);

        Assert.Equal(4409, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task A_socket_without_the_subprotocol_is_closed_with_4406()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(api, subProtocol: null);

        Assert.Equal(4406, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Sellers_notifications_need_a_seller()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, api.BuyerToken());

        await client.SubscribeAsync("n", Notifications);
        var error = await client.ReceiveAsync();

        Assert.Equal("error", error["type"]!.GetValue<string>());
        Assert.Equal("FORBIDDEN", error["payload"]![0]!["extensions"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_subscription_sent_over_http_is_refused()
    {
        using var http = api.CreateClient(await api.SellerTokenAsync(await ActiveSellerAsync()));

        var response = await http.PostGraphQLAsync(Notifications);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("BAD_REQUEST", response.FirstErrorCode);
    }
}

/// <summary>An API with tight socket limits: connection_init within a fifth of a second, one operation at a time.</summary>
public sealed class TightSocketApi : MarketplaceApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["GraphQL:WebSockets:ConnectionInitTimeoutSeconds"] = "0.2",
        ["GraphQL:WebSockets:MaxOperations"] = "1",
    };
}

public sealed class WebSocketLimitTests(TightSocketApi api) : IClassFixture<TightSocketApi>
{
    [Fact]
    public async Task A_socket_that_never_sends_connection_init_is_closed_with_4408()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(api);

        Assert.Equal(4408, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task An_operation_past_the_limit_per_socket_is_answered_with_an_error_and_the_socket_stays_open()
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api, await api.SellerTokenAsync(handle));
        await client.SubscribeAsync("one", "subscription { sellerNotifications { name } }");

        await client.SubscribeAsync("two", "subscription { sellerNotifications { name } }");
        var error = await client.ReceiveAsync();
        await client.SendAsync(new { type = "ping" });

        Assert.Equal(("error", "two"), (error["type"]!.GetValue<string>(), error["id"]!.GetValue<string>()));
        Assert.Equal("pong", (await client.ReceiveAsync())["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_larger_than_the_request_limit_closes_the_socket_with_1009()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(api);

        await client.SubscribeAsync("big", "{ categories { slug } }" + new string(' ', 300 * 1024));

        Assert.Equal(1009, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Stopping_the_server_completes_every_stream_and_closes_the_socket_as_going_away()
    {
        using var stopping = new TightSocketApi();
        var handle = await stopping.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(stopping, await stopping.SellerTokenAsync(handle));
        await client.SubscribeAsync("live", "subscription { sellerNotifications { name } }");
        await GraphQLWsClient.WaitForListenersAsync(stopping, 1);

        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>(stopping.Services).StopApplication();
        var complete = await client.ReceiveAsync();

        Assert.Equal(("complete", "live"), (complete["type"]!.GetValue<string>(), complete["id"]!.GetValue<string>()));
        Assert.Equal(1001, await client.ReceiveCloseAsync());
    }
}
