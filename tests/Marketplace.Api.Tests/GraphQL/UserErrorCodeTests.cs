using System.Text.RegularExpressions;
using Marketplace.Api.Tests.Infrastructure;

namespace Marketplace.Api.Tests.GraphQL;

public sealed partial class UserErrorCodeTests(MarketplaceApiFactory api) : IClassFixture<MarketplaceApiFactory>
{
    [Fact]
    public async Task The_schema_lists_exactly_the_user_error_codes_the_code_returns()
    {
        using var client = api.CreateClient();
        var data = (await client.PostGraphQLAsync("""{ __type(name: "UserErrorCode") { kind enumValues { name } } }""")).DataOrFail();
        var served = data["__type"]!["enumValues"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).Order().ToArray();

        var source = Path.Combine(RepositoryPaths.Root, "src", "Marketplace.Api");
        var used = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "UserErrorCode.cs")
            .SelectMany(file => CodeUse().Matches(File.ReadAllText(file)).Select(m => ConstantCase(m.Groups[1].Value)))
            .Distinct().Order().ToArray();

        Assert.Equal("ENUM", data["__type"]!["kind"]!.GetValue<string>());
        Assert.Contains("INVALID_PRICE", used);
        Assert.Equal(used, served);
    }

    [Fact]
    public async Task A_user_error_code_is_an_enum_value_on_the_wire()
    {
        using var seller = api.CreateClient(await api.SellerTokenAsync(await api.QueryDbAsync(db =>
            Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(
                db.Sellers.Where(s => s.Status == Api.Sellers.SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle)))));

        var response = await seller.PostGraphQLAsync(
            """mutation { updateSellerSettings(input: { webhookSecret: "short" }) { userErrors { code field } } }""");

        var error = response.DataOrFail()["updateSellerSettings"]!["userErrors"]![0]!;
        Assert.Equal("INVALID_WEBHOOK_SECRET", error["code"]!.GetValue<string>());
    }

    private static string ConstantCase(string pascal) => Regex.Replace(pascal, "(?<=[a-z0-9])([A-Z])", "_$1").ToUpperInvariant();

    [GeneratedRegex(@"\bUserErrorCode\.([A-Z][A-Za-z0-9]*)")]
    private static partial Regex CodeUse();
}
