using Marketplace.Api.Data.Outbox;
using Marketplace.Api.Recommendations;
using Marketplace.Api.Tests.Infrastructure;
using Marketplace.Api.Tests.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Recommendations;

/// <summary>Co-occurrence counts live in the database: a restart keeps them, and a batch handed out twice counts once.</summary>
public sealed class RecommendationSignalsDurabilityTests : IDisposable
{
    private readonly List<MarketplaceApiFactory> hosts = [];

    public void Dispose()
    {
        foreach (var host in Enumerable.Reverse(hosts)) host.Dispose();
    }

    private sealed class Restarted(MarketplaceApiFactory stopped) : RecommendationsApiFactory(stopped);

    [Fact]
    public async Task Viewed_together_counts_survive_a_restart_and_a_batch_handled_again_after_its_lease_lapsed_is_not_counted_twice()
    {
        var first = new RecommendationsApiFactory { KeepDataOnDispose = true };
        hosts.Add(first);
        var shop = new Shop(first, "recdur");
        await shop.CategoryAsync("tents");
        await shop.CategoryAsync("stoves");
        await shop.SellerAsync("s1");
        var tent = await shop.ProductAsync("Dome tent", "tents", "s1", 200);
        var stove = await shop.ProductAsync("Camp stove", "stoves", "s1", 50);
        async Task ViewBothAsync(string visitorId)
        {
            using var visitor = first.Visitor(visitorId);
            await visitor.TrackAsync(ProfilesKit.Event("PRODUCT_VIEW", tent, DateTime.UtcNow.AddMinutes(-2)), ProfilesKit.Event("PRODUCT_VIEW", stove, DateTime.UtcNow.AddMinutes(-1)));
        }
        await ViewBothAsync("recdur-visitor-1");
        await first.DrainSignalsAsync();
        await ViewBothAsync("recdur-visitor-2");

        // A worker handles the batch; another copy of the same claim (a worker whose lease lapsed meanwhile) comes after it.
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var batch = await scope.ServiceProvider.GetRequiredService<OutboxLeases>().ClaimAsync(ProductSignals.Topic, 50, TimeSpan.FromMinutes(1), CancellationToken.None);
            Assert.Single(batch);
            var handler = first.Services.GetRequiredService<ProductSignalsHandler>();
            await handler.HandleAsync(batch, CancellationToken.None);
            await Assert.ThrowsAsync<InvalidOperationException>(() => handler.HandleAsync(batch, CancellationToken.None));
        }
        await first.DrainSignalsAsync();
        using (var shopper = first.CreateClient())
        {
            var items = await shopper.RecommendationsAsync("PRODUCT_DETAIL", tent);
            Assert.Equal([("Camp stove", "ALSO_VIEWED")], items.Shown());
            Assert.Equal([("VIEWED_TOGETHER", $"product:{tent}", 2.0)], items[0].Reasons);
        }
        first.Dispose();

        var restarted = new Restarted(first);
        hosts.Add(restarted);
        using var again = restarted.CreateClient();
        var afterRestart = await again.RecommendationsAsync("PRODUCT_DETAIL", tent);

        Assert.Equal([("Camp stove", "ALSO_VIEWED")], afterRestart.Shown());
        Assert.Equal([("VIEWED_TOGETHER", $"product:{tent}", 2.0)], afterRestart[0].Reasons);
    }
}
