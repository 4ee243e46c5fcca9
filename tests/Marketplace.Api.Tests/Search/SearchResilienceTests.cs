using System.Text.Json.Nodes;
using Marketplace.Api.Catalog;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Search;

/// <summary>Nothing is lost between the catalog and the index: not when the engine fails, not when the process stops.</summary>
public sealed class SearchResilienceTests : IDisposable
{
    private readonly List<MarketplaceApiFactory> hosts = [];

    public void Dispose()
    {
        foreach (var host in Enumerable.Reverse(hosts)) host.Dispose();
    }

    private T Host<T>(T host) where T : MarketplaceApiFactory
    {
        hosts.Add(host);
        return host;
    }

    private sealed class WithoutWorkers : MarketplaceApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" };
    }

    private sealed class Restarted(MarketplaceApiFactory stopped) : MarketplaceApiFactory(stopped);

    private static async Task<JsonNode> ListAsync(MarketplaceApiFactory api, string sku, string title)
    {
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        var category = await api.QueryDbAsync(db => db.Categories.Where(c => c.Depth == 2).OrderBy(c => c.Id).Select(c => c.Slug).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        var created = (await seller.PostGraphQLAsync(
            "mutation($input: ListingInput!) { createListing(input: $input) { listing { id } userErrors { code } } }",
            new { input = new { sku, price = 25m, stock = 4, publish = true, product = new { title, categorySlug = category } } })).DataOrFail()["createListing"]!;
        Assert.Empty(created["userErrors"]!.AsArray());
        return created["listing"]!;
    }

    private static async Task<List<string>> TitlesAsync(MarketplaceApiFactory api, string query) =>
        (await api.CreateClient().PostGraphQLAsync("query($q: String) { search(query: $q) { edges { node { product { title } } } } }", new { q = query }))
            .DataOrFail()["search"]!["edges"]!.AsArray().Select(e => e!["node"]!["product"]!["title"]!.GetValue<string>()).ToList();

    private static async Task<JsonNode> ReadinessAsync(MarketplaceApiFactory api) =>
        JsonNode.Parse(await api.CreateClient().GetStringAsync("/health/ready"))!;

    [Fact]
    public async Task A_change_committed_just_before_the_process_stops_is_indexed_after_the_restart()
    {
        var stopping = Host(new WithoutWorkers { KeepDataOnDispose = true });
        await ListAsync(stopping, "LAST-WORDS-1", "Narwhal Embroidered Pillow");
        Assert.True(await stopping.QueryDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Topic == CatalogChanges.Topic)), "the change waits in the outbox");
        stopping.Dispose();

        var restarted = Host(new Restarted(stopping));
        await restarted.CaughtUpAsync();

        Assert.Equal(["Narwhal Embroidered Pillow"], await TitlesAsync(restarted, "narwhal pillow"));
    }

    [Fact]
    public async Task While_the_index_cannot_be_written_writes_succeed_readiness_degrades_and_the_index_catches_up_after()
    {
        var api = Host(new MarketplaceApiFactory());
        await api.CaughtUpAsync();
        var root = Path.Combine(api.DataDirectory, "search");
        var live = Path.Combine(root, File.ReadAllText(Path.Combine(root, "current")).Trim());
        var away = live + ".away";
        Assert.Equal("Healthy", (await ReadinessAsync(api))["status"]!.GetValue<string>());
        Assert.NotEmpty(await TitlesAsync(api, "shorts"));

        // The index folder is replaced by a file (a volume gone bad): nothing can be written where the index was.
        Directory.Move(live, away);
        File.WriteAllText(live, "not an index");
        try
        {
            await ListAsync(api, "OUTAGE-1", "Axolotl Ceramic Planter");
            var failed = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (await api.QueryDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Topic == CatalogChanges.Topic && m.Attempts > 0)) is false)
            {
                Assert.True(DateTime.UtcNow < failed, "The indexer never tried the change.");
                await Task.Delay(25);
            }
            var readiness = await ReadinessAsync(api);
            Assert.Equal("Degraded", readiness["status"]!.GetValue<string>());
            Assert.Equal("Degraded", readiness["checks"]!["search"]!["status"]!.GetValue<string>());
            Assert.Equal("Healthy", readiness["checks"]!["database"]!["status"]!.GetValue<string>());
            Assert.Empty(await TitlesAsync(api, "axolotl planter"));
        }
        finally
        {
            File.Delete(live);
            Directory.Move(away, live);
        }

        await api.CaughtUpAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(["Axolotl Ceramic Planter"], await TitlesAsync(api, "axolotl planter"));
        Assert.Equal("Healthy", (await ReadinessAsync(api))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refused_change_queues_nothing_and_an_applied_one_queues_its_product()
    {
        var api = Host(new WithoutWorkers());
        var offer = await api.QueryDbAsync(db => db.Offers.Where(o => o.Status == Api.Catalog.OfferStatus.Active && o.Stock > 0).OrderBy(o => o.Id).FirstAsync());
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Id == offer.SellerId).Select(s => s.Handle).SingleAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        Task<int> QueuedAsync() => api.QueryDbAsync(db => db.OutboxMessages.CountAsync(m => m.Topic == CatalogChanges.Topic));
        const string Adjust = "mutation($id: ID!, $delta: Int!) { adjustStock(input: {listingId: $id, delta: $delta}) { userErrors { code } } }";
        var id = $"gid://marketplace/Offer/{offer.Id}";
        var before = await QueuedAsync();

        var refused = (await seller.PostGraphQLAsync(Adjust, new { id, delta = -(offer.Stock + 1) })).DataOrFail()["adjustStock"]!;
        var afterRefused = await QueuedAsync();
        var applied = (await seller.PostGraphQLAsync(Adjust, new { id, delta = -1 })).DataOrFail()["adjustStock"]!;
        var queued = await api.QueryDbAsync(db => db.OutboxMessages.Where(m => m.Topic == CatalogChanges.Topic).OrderByDescending(m => m.Id).FirstAsync());

        Assert.Equal("INSUFFICIENT_STOCK", refused["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(before, afterRefused);
        Assert.Empty(applied["userErrors"]!.AsArray());
        Assert.Equal(before + 1, await QueuedAsync());
        Assert.Equal([offer.ProductId], Api.Data.Outbox.Outbox.Read<CatalogChanges.ProductsChanged>(queued).ProductIds ?? []);
    }
}
