using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.Api.Tests.Sellers;

public sealed class SellerAuditTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string AuditLog = """
        query($id: ID!) { sellerAuditLog(sellerId: $id, first: 10) { totalCount nodes { action reason actor at } } }
        """;

    private async Task<string> SellerGidAsync(int skip) =>
        $"gid://marketplace/Seller/{await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Skip(skip).Select(s => s.Id).FirstAsync())}";

    [Fact]
    public async Task A_suspensions_reason_is_kept_in_an_audit_log_admins_read_newest_first()
    {
        var id = await SellerGidAsync(4);
        using var admin = api.CreateClient(api.IssueToken("ops-anna", [Marketplace.Api.Infrastructure.Auth.Roles.Admin]));

        (await admin.PostGraphQLAsync("mutation($id: ID!) { suspendSeller(input: {sellerId: $id, reason: \"Counterfeit goods reported\"}) { userErrors { code } } }", new { id })).DataOrFail();
        (await admin.PostGraphQLAsync("mutation($id: ID!) { approveSeller(input: {sellerId: $id, reason: \"Invoices checked\"}) { userErrors { code } } }", new { id })).DataOrFail();
        var log = (await admin.PostGraphQLAsync(AuditLog, new { id })).DataOrFail()["sellerAuditLog"]!;

        Assert.Equal(2, log["totalCount"]!.GetValue<int>());
        var (latest, first) = (log["nodes"]![0]!, log["nodes"]![1]!);
        Assert.Equal("APPROVED", latest["action"]!.GetValue<string>());
        Assert.Equal("SUSPENDED", first["action"]!.GetValue<string>());
        Assert.Equal("Counterfeit goods reported", first["reason"]!.GetValue<string>());
        Assert.Equal("ops-anna", first["actor"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_audit_log_is_forbidden_to_sellers_and_buyers_and_needs_a_token()
    {
        var id = await SellerGidAsync(0);
        var handle = await api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        using var buyer = api.CreateClient(api.BuyerToken());

        Assert.Equal("FORBIDDEN", (await seller.PostGraphQLAsync(AuditLog, new { id })).FirstErrorCode);
        Assert.Equal("FORBIDDEN", (await buyer.PostGraphQLAsync(AuditLog, new { id })).FirstErrorCode);
        Assert.Equal("UNAUTHENTICATED", (await api.CreateClient().PostGraphQLAsync(AuditLog, new { id })).FirstErrorCode);
    }

    [Fact]
    public async Task A_reason_longer_than_the_model_allows_is_a_user_error_and_changes_nothing()
    {
        var id = await SellerGidAsync(5);
        using var admin = api.CreateClient(api.AdminToken());

        var payload = (await admin.PostGraphQLAsync("mutation($id: ID!, $r: String) { suspendSeller(input: {sellerId: $id, reason: $r}) { seller { status } userErrors { code field } } }",
            new { id, r = new string('r', 10_000) })).DataOrFail()["suspendSeller"]!;

        Assert.Equal("TOO_LONG", payload["userErrors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(0, (await admin.PostGraphQLAsync(AuditLog, new { id })).DataOrFail()["sellerAuditLog"]!["totalCount"]!.GetValue<int>());
    }
}
