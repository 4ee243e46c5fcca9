using System.Net;
using Marketplace.Api.Infrastructure.Auth;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.Auth;

public sealed class TokenTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    private const string Query = "{ mySeller { handle } }";

    [Fact]
    public async Task Browsing_needs_no_token()
    {
        using var client = api.CreateClient();
        var response = await client.PostGraphQLAsync("{ products(first: 1) { totalCount } }");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.True(response.DataOrFail()["products"]!["totalCount"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task An_expired_token_is_rejected_with_401()
    {
        var expired = api.IssueToken("buyer-9", [Roles.Buyer], lifetime: TimeSpan.FromHours(-1));
        using var client = api.CreateClient(expired);
        var response = await client.PostGraphQLAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task A_tampered_token_is_rejected_with_401()
    {
        var token = api.IssueToken("buyer-9", [Roles.Buyer]);
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("\"buyer\"", "\"admin\"");
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        using var client = api.CreateClient(forged);
        var response = await client.PostGraphQLAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("bearer    ")]
    public async Task A_bearer_header_with_an_empty_token_is_rejected_with_401_not_treated_as_anonymous(string header)
    {
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", header);
        var response = await client.PostGraphQLAsync("{ __typename }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("UNAUTHENTICATED", response.FirstErrorCode);
    }

    [Fact]
    public async Task A_seller_token_acts_for_its_seller()
    {
        var handle = await api.QueryDbAsync(db => Task.FromResult(db.Sellers.OrderBy(s => s.Id).Select(s => s.Handle).First()));
        using var client = api.CreateClient(await api.SellerTokenAsync(handle));
        var response = await client.PostGraphQLAsync(Query);

        Assert.Equal(handle, response.DataOrFail()["mySeller"]!["handle"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_buyer_is_not_a_seller()
    {
        using var client = api.CreateClient(api.BuyerToken());
        Assert.Equal("FORBIDDEN", (await client.PostGraphQLAsync(Query)).FirstErrorCode);
    }
}
