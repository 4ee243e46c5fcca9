using Marketplace.Api.Catalog;
using Marketplace.Api.Data;
using Marketplace.Api.GraphQL.Relay;
using Marketplace.Api.Listings;
using Marketplace.Api.Seeding;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Data;

/// <summary>
/// No SQL Server runs on these machines: these tests go as far as the connection, and read the SQL that EF
/// generates for SQL Server from the real code paths (snapshots, so that a change to it shows in review).
/// </summary>
public sealed class SqlServerTests
{
    private static WebApplication Host(string connectionString, params string[] settings) =>
        Host(connectionString, null, settings);

    private static WebApplication Host(string connectionString, IInterceptor? interceptor, params string[] settings)
    {
        var data = Directory.CreateTempSubdirectory("marketplace-sqlserver-").FullName;
        var builder = MarketplaceHost.CreateBuilder([
            "--DataDirectory", data, "--environment", "Testing", "--urls", "http://127.0.0.1:0",
            "--Database:Provider=SqlServer", $"--ConnectionStrings:Marketplace={connectionString}", .. settings]);
        if (interceptor is not null) builder.Services.AddSingleton(interceptor);
        return builder.Build();
    }

    [Fact]
    public async Task Start_up_against_an_unreachable_server_fails_with_a_connection_error_that_names_the_server_after_the_configured_retries()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        await using var app = Host("Server=tcp:127.0.0.1,1;Database=marketplace;User Id=sa;Password=unused;Connect Timeout=2;TrustServerCertificate=True",
            "--Database:MaxRetryCount=2", "--Database:MaxRetryDelaySeconds=0");

        var failure = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => app.StartAsync());

        Assert.Contains("SqlServer database server 'tcp:127.0.0.1,1' after 3 attempts", failure.Message);
        Assert.IsType<Microsoft.Data.SqlClient.SqlException>(failure.InnerException);
    }

    [Fact]
    public async Task The_sql_of_a_filtered_price_sorted_keyset_page_matches_its_snapshot()
    {
        var recorder = new RecordingSqlInterceptor();
        await using var app = Host("Server=unused;Database=marketplace;TrustServerCertificate=True", recorder);
        await using var scope = app.Services.CreateAsyncScope();
        var catalog = scope.ServiceProvider.GetRequiredService<CatalogService>();
        var cursor = Convert.ToBase64String(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new object[] { "price", 2_500, 42 }))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        await Assert.ThrowsAsync<RecordingSqlInterceptor.QueryRecorded>(() => catalog.ProductsAsync(
            new ProductWhere { Brands = ["Peakline", "Northwind"], Price = new PriceRange { Min = 20, Max = 60 }, InStock = true,
                Attributes = [new AttributeFilter { Name = "color", Values = ["Black"] }] },
            new ProductOrder { Field = ProductSortField.Price, Direction = SortDirection.Asc },
            new PageRequest(20, Backward: false, cursor), CancellationToken.None));

        var page = Assert.Single(recorder.Commands);
        Assert.Contains("ORDER BY [p].[MinPriceMinor], [p].[Id]", page);
        Snapshooter.Xunit.Snapshot.Match(page);
    }

    [Fact]
    public async Task The_sql_of_the_stock_adjusting_update_matches_its_snapshot()
    {
        var recorder = new RecordingSqlInterceptor();
        await using var app = Host("Server=unused;Database=marketplace;TrustServerCertificate=True", recorder);
        await using var scope = app.Services.CreateAsyncScope();
        var listings = scope.ServiceProvider.GetRequiredService<ListingService>();

        var updated = await listings.ApplyStockDeltaAsync(offerId: 42, delta: -1, DateTime.UnixEpoch, CancellationToken.None);

        Assert.Equal(1, updated);
        var update = Assert.Single(recorder.Commands);
        Assert.StartsWith("-- @", update);
        Assert.Contains("UPDATE [o]", update);
        Snapshooter.Xunit.Snapshot.Match(update);
    }

    [Fact]
    public async Task The_sql_of_the_bulk_insert_matches_its_snapshot()
    {
        await using var app = Host("Server=unused;Database=marketplace;TrustServerCertificate=True");
        await using var scope = app.Services.CreateAsyncScope();
        var insert = new BulkInsert<Offer>(scope.ServiceProvider.GetRequiredService<MarketplaceDb>());

        var sql = insert.CommandText(rows: 3);

        Assert.Equal(3, sql.Split("), (").Length);
        Assert.True(insert.RowsPerStatement > 100, $"SQL Server should get many rows per INSERT, got {insert.RowsPerStatement}.");
        Snapshooter.Xunit.Snapshot.Match(sql);
    }
}
