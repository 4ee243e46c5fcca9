using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Infrastructure;

/// <summary>
/// The real API on a real Kestrel listener at 127.0.0.1 and a free port, for clients outside the
/// process such as a browser. <see cref="BaseAddress"/> is where it listens; CreateClient() goes there too.
/// </summary>
public sealed class KestrelMarketplaceApi : MarketplaceApiFactory
{
    public KestrelMarketplaceApi()
    {
        UseKestrel(port: 0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseAddress = new Uri(addresses.Single());
    }

    public Uri BaseAddress { get; }
}
