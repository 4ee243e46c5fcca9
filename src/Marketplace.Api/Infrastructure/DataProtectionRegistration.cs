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
                var configured = ring.Value.KeysDirectory is { Length: > 0 };
                var folder = Directory.CreateDirectory(configured ? Path.GetFullPath(ring.Value.KeysDirectory!) : data.File(DefaultKeysFolder));
                // The keys are stored as plain XML (Data Protection warns so when it creates one), like jwt-signing.key:
                // the default folder is readable by this user only; a configured shared folder is the operator's to secure.
                if (!configured && !OperatingSystem.IsWindows())
                    folder.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
                keys.XmlRepository = new FileSystemXmlRepository(folder, logs);
            });
        services.AddSingleton<WebhookSecrets>();
        return services;
    }
}
