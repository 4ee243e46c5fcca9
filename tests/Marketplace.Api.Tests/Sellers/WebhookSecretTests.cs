using Marketplace.Api.Infrastructure;
using Marketplace.Api.Sellers;
using Marketplace.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Sellers;

public sealed class WebhookSecretTests
{
    private const string Secret = "whsec-0123456789abcdef-do-not-leak";

    private const string Update = """
        mutation($s: String) { updateSellerSettings(input: {webhookSecret: $s}) { seller { settings { hasWebhookSecret } } userErrors { code } } }
        """;

    /// <summary>Several instances share one key ring folder, named by configuration.</summary>
    public sealed class SharedKeyRingApi : MarketplaceApiFactory
    {
        public string KeysDirectory { get; } = Directory.CreateTempSubdirectory("marketplace-keys-").FullName;

        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["DataProtection:KeysDirectory"] = KeysDirectory };

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            try { Directory.Delete(KeysDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<string?> StoredSecretAsync(MarketplaceApiFactory api)
    {
        var handle = await HandleAsync(api);
        using var seller = api.CreateClient(await api.SellerTokenAsync(handle));
        var payload = (await seller.PostGraphQLAsync(Update, new { s = Secret })).DataOrFail()["updateSellerSettings"]!;
        Assert.True(payload["seller"]!["settings"]!["hasWebhookSecret"]!.GetValue<bool>());
        return await api.QueryDbAsync(db => db.Sellers.Where(s => s.Handle == handle).Select(s => s.Settings.WebhookSecret).SingleAsync());
    }

    private static Task<string> HandleAsync(MarketplaceApiFactory api) =>
        api.QueryDbAsync(db => db.Sellers.Where(s => s.Status == SellerStatus.Active).OrderBy(s => s.Id).Select(s => s.Handle).FirstAsync());

    [Fact]
    public async Task A_webhook_secret_is_stored_encrypted_with_keys_in_the_data_directory_and_only_the_signer_reads_it()
    {
        using var api = new MarketplaceApiFactory();

        var stored = await StoredSecretAsync(api);

        Assert.NotNull(stored);
        Assert.DoesNotContain(Secret, stored);
        Assert.Equal(Secret, api.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(api.DataDirectory, DataProtectionRegistration.DefaultKeysFolder), "key-*.xml"));
    }

    [Fact]
    public async Task A_configured_key_ring_folder_holds_the_keys_instead()
    {
        using var api = new SharedKeyRingApi();

        var stored = await StoredSecretAsync(api);

        Assert.Equal(Secret, api.Services.GetRequiredService<WebhookSecrets>().Unprotect(stored!));
        Assert.NotEmpty(Directory.GetFiles(api.KeysDirectory, "key-*.xml"));
        Assert.False(Directory.Exists(Path.Combine(api.DataDirectory, DataProtectionRegistration.DefaultKeysFolder)));
    }

    [Fact]
    public async Task The_secret_is_never_returned_by_the_schema()
    {
        using var api = new MarketplaceApiFactory();
        using var seller = api.CreateClient(await api.SellerTokenAsync(await HandleAsync(api)));

        var response = await seller.PostGraphQLAsync("{ mySeller { settings { webhookSecret } } }");

        Assert.Equal("GRAPHQL_VALIDATION_FAILED", response.FirstErrorCode);
    }
}
