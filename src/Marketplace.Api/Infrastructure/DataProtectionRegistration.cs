using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure;

public static class DataProtectionRegistration
{
    public const string DefaultKeysFolder = "keys";

    public static IServiceCollection AddMarketplaceDataProtection(this IServiceCollection services)
    {
        services.AddOptions<KeyRingOptions>().BindConfiguration(KeyRingOptions.Section);
        // A fixed application name, so instances in different folders (or containers) share payloads.
        services.AddDataProtection().SetApplicationName("Marketplace.Api");
        services.AddOptions<KeyManagementOptions>()
            .Configure<IOptions<KeyRingOptions>, DataDirectory, ILoggerFactory>((keys, ring, data, logs) =>
            {
                var folder = ring.Value.KeysDirectory is { Length: > 0 } configured ? Path.GetFullPath(configured) : data.File(DefaultKeysFolder);
                keys.XmlRepository = new FileSystemXmlRepository(Directory.CreateDirectory(folder), logs);
            });
        services.AddSingleton<WebhookSecrets>();
        return services;
    }
}
