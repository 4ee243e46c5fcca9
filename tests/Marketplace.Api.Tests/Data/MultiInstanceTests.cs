using System.Security.Cryptography;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Persisted;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Subscriptions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Data;

/// <summary>Two API instances over one PostgreSQL database, as behind a load balancer.</summary>
public sealed class MultiInstanceTests : IDisposable
{
    private static readonly string SharedKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));

    private readonly List<IDisposable> owned = [];

    public MultiInstanceTests() => Skip.If(PostgresServer.SkipReason is not null, PostgresServer.SkipReason);

    private sealed class Instance(TestDatabase database, string signingKey) : MarketplaceApiFactory(database)
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Auth:SigningKey"] = signingKey };
    }

    private T Own<T>(T disposable) where T : IDisposable
    {
        owned.Insert(0, disposable);
        return disposable;
    }

    private (Instance A, Instance B) TwoInstancesOverOneSeededDatabase()
    {
        var database = Own(PostgresTestDatabase.Create());
        return (Own(new Instance(database, SharedKey)), Own(new Instance(database, SharedKey)));
    }

    public void Dispose() => owned.ForEach(d => d.Dispose());

    [SkippableFact]
    public async Task A_listing_written_through_one_instance_is_read_through_the_other_at_once()
    {
        var (a, b) = TwoInstancesOverOneSeededDatabase();
        var handle = await a.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        var category = await a.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());
        using var seller = a.CreateClient(await a.SellerTokenAsync(handle));

        var created = (await seller.PostGraphQLAsync(
            "mutation($input: ListingInput!) { createListing(input: $input) { listing { product { id } } userErrors { code } } }",
            new { input = new { sku = "TWO-INSTANCES-1", price = 19.99m, stock = 3, publish = true, product = new { title = "Seen Everywhere", categorySlug = category } } }))
            .DataOrFail()["createListing"]!;
        var productId = created["listing"]!["product"]!["id"]!.GetValue<string>();
        using var buyer = b.CreateClient();
        var product = (await buyer.PostGraphQLAsync("query($id: ID!) { node(id: $id) { ... on Product { title offers { sku seller { handle } } } } }", new { id = productId }))
            .DataOrFail()["node"]!;

        Assert.Equal("Seen Everywhere", product["title"]!.GetValue<string>());
        Assert.Equal("TWO-INSTANCES-1", product["offers"]![0]!["sku"]!.GetValue<string>());
        Assert.Equal(handle, product["offers"]![0]!["seller"]!["handle"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_persisted_query_registered_on_one_instance_is_served_by_the_other()
    {
        var (a, b) = TwoInstancesOverOneSeededDatabase();
        const string query = "query TwoInstances { categories { slug } }";
        var extensions = new { persistedQuery = new { version = 1, sha256Hash = PersistedQueryStore.HashOf(query) } };
        using var first = a.CreateClient();
        using var second = b.CreateClient();

        var registered = await first.PostGraphQLAsync(query, extensions: extensions);
        var served = await second.PostGraphQLAsync(null!, extensions: extensions);

        Assert.NotEmpty(registered.DataOrFail()["categories"]!.AsArray());
        Assert.Equal(registered.DataOrFail().ToJsonString(), served.DataOrFail().ToJsonString());
    }

    [SkippableFact]
    public async Task A_token_minted_for_one_instance_is_accepted_by_another_that_shares_the_signing_key_and_refused_by_one_that_does_not()
    {
        var (a, b) = TwoInstancesOverOneSeededDatabase();
        var database = Own(PostgresTestDatabase.Create());
        var stranger = Own(new Instance(database, Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
        var handle = await a.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        var token = await a.SellerTokenAsync(handle);
        using var onB = b.CreateClient(token);
        using var onStranger = stranger.CreateClient(token);

        var accepted = await onB.PostGraphQLAsync("{ mySeller { handle } }");
        var refused = await onStranger.PostGraphQLAsync("{ mySeller { handle } }");

        Assert.Equal(handle, accepted.DataOrFail()["mySeller"]!["handle"]!.GetValue<string>());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.Status);
        Assert.Equal("UNAUTHENTICATED", refused.FirstErrorCode);
    }

    [SkippableFact]
    public async Task An_event_raised_through_one_instance_reaches_a_subscriber_on_the_other()
    {
        var (a, b) = TwoInstancesOverOneSeededDatabase();
        var seller = await a.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => new { s.Handle, s.Id }).FirstAsync());
        await using var onB = await GraphQLWsClient.ConnectAndInitAsync(b, await a.SellerTokenAsync(seller.Handle));
        await onB.SubscribeAsync("orders", "subscription { sellerNotifications { name data } }");
        await GraphQLWsClient.WaitForListenersAsync(b, 1);

        await GraphQLWsClient.PublishAsync(a, "supplierOrderPlaced", seller.Id, new { supplierOrderId = 7 });
        var next = await onB.ReceiveAsync();

        Assert.Equal("next", next["type"]!.GetValue<string>());
        Assert.Equal("""{"supplierOrderId":7}""", next["payload"]!["data"]!["sellerNotifications"]!["data"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Two_instances_starting_together_on_an_empty_database_migrate_and_seed_it_once()
    {
        var database = Own(await PostgresTestDatabase.CreateEmptyAsync());
        var a = Own(new Instance(database, SharedKey));
        var b = Own(new Instance(database, SharedKey));

        // Reading Services builds and starts each host, which migrates and seeds before it takes requests.
        await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));

        var counts = await b.QueryDbAsync(async db => (
            Sellers: await db.Sellers.CountAsync(),
            Products: await db.Products.CountAsync(),
            Migrations: (await db.Database.GetAppliedMigrationsAsync()).Count()));
        Assert.Equal((16, 800), (counts.Sellers, counts.Products));
        Assert.Equal(a.Services.GetRequiredService<MarketplaceDb>().Database.GetMigrations().Count(), counts.Migrations);
    }

    [SkippableFact]
    public async Task The_start_up_lock_is_held_in_the_database_so_a_second_instance_waits_for_the_first()
    {
        var database = Own(PostgresTestDatabase.Create());
        var a = Own(new Instance(database, SharedKey));
        var b = Own(new Instance(database, SharedKey));
        await using var scopeA = a.Services.CreateAsyncScope();
        await using var scopeB = b.Services.CreateAsyncScope();

        var first = await a.Services.GetRequiredService<StartupLock>().AcquireAsync(scopeA.ServiceProvider.GetRequiredService<MarketplaceDb>(), CancellationToken.None);
        var second = b.Services.GetRequiredService<StartupLock>().AcquireAsync(scopeB.ServiceProvider.GetRequiredService<MarketplaceDb>(), CancellationToken.None);
        await WaitUntilAsync(() => WaitingAdvisoryLocksAsync(database));
        var waitedWhileHeld = !second.IsCompleted;
        await first.DisposeAsync();
        await (await second).DisposeAsync();

        Assert.True(waitedWhileHeld);
    }

    private static async Task<bool> WaitingAdvisoryLocksAsync(PostgresTestDatabase database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", connection);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    /// <summary>Polls a condition on the server (no fixed sleep), failing after 30 s.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition()) await Task.Delay(20, timeout.Token);
    }
}
