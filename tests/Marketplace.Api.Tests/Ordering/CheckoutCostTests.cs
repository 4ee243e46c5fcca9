using Marketplace.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Marketplace.Api.Tests.Ordering;

/// <summary>The API with its outbox workers off and every SQLite statement of a request logged.</summary>
public sealed class StatementCountingApiFactory : MarketplaceApiFactory
{
    public SqliteStatementLog Log { get; private set; } = null!;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IInterceptor>(sp => Log = new SqliteStatementLog(sp.GetRequiredService<IHttpContextAccessor>())));
    }
}

/// <summary>What one checkout costs the database: SQLite has one writer, so every statement counts against throughput.</summary>
public sealed class CheckoutCostTests(StatementCountingApiFactory api, ITestOutputHelper output) : IClassFixture<StatementCountingApiFactory>
{
    [Fact]
    public async Task A_three_seller_order_runs_few_statements()
    {
        var offers = await api.OffersAsync(firstSeller: 0, sellers: 3, stock: 100);
        for (var i = 0; i < 3; i++)
        {
            using var client = api.CreateClient(api.BuyerToken($"counted-buyer-{i}"));
            var cartId = await client.FillCartAsync(offers);
            api.Log.Clear();
            Assert.Empty((await client.PlaceOrderAsync(cartId, "counted")).Codes());
        }
        var statements = api.Log.Statements;
        output.WriteLine($"{statements.Count} statements:\n{string.Join("\n", statements.Select(s => s.ReplaceLineEndings(" ")[..Math.Min(160, s.Length)]))}");
        // Six reads to check and price the cart; the transaction; two reads for the answer's parts and lines.
        var transaction = statements.SkipWhile(s => !s.StartsWith("BEGIN")).TakeWhile(s => !s.StartsWith("COMMIT")).Count() + 1;
        Assert.InRange(transaction, 1, 11);
        Assert.InRange(statements.Count, 1, 19);
    }
}
