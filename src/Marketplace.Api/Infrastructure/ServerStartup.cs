using System.Net;
using System.Net.Sockets;
using Marketplace.Api.GraphQL.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Marketplace.Api.Infrastructure;

/// <summary>What the console says when the server starts: where to go, or in one line why it cannot listen.</summary>
public static class ServerStartup
{
    public const string DefaultUrls = "http://localhost:5000";

    public static string ListenUrls(IConfiguration configuration) =>
        configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? DefaultUrls;

    /// <summary>Once Kestrel listens, logs the GraphQL endpoint and the IDE, one line each.</summary>
    public static WebApplication LogUrlsOnStart(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Marketplace.Api");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses.Select(Browsable))
            {
                logger.LogInformation("GraphQL endpoint: {Url}", address + GraphQLHttpEndpoint.Path);
                logger.LogInformation("GraphQL IDE: {Url} (open it in a browser)", address + GraphQLHttpEndpoint.Path);
            }
        });
        return app;
    }

    /// <summary>Runs the server; an address already in use or an unreachable database ends it with one line on stderr and exit code 1.</summary>
    public static async Task<int> RunServerAsync(this WebApplication app)
    {
        // Checked first because the host logs a failed bind with its stack trace before rethrowing it.
        if (TakenAddress(ListenUrls(app.Configuration)) is { } taken)
            return AddressInUse($"{taken} is already in use");
        try
        {
            // Waited for here as well as at start-up, so that an unreachable database ends in one line, before the host logs its failure.
            await using (var scope = app.Services.CreateAsyncScope())
                await scope.ServiceProvider.GetRequiredService<Data.DatabaseInitializer>().WaitForServerAsync(app.Lifetime.ApplicationStopping);
            await app.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            return AddressInUse(e.Message.TrimEnd('.'));
        }
        catch (Data.DatabaseUnavailableException e)
        {
            Console.Error.WriteLine($"Cannot start: {e.Message}");
            return 1;
        }
    }

    private static int AddressInUse(string what)
    {
        Console.Error.WriteLine($"Cannot start: {what}; another program (or another Marketplace.Api) listens there. Stop it, or pass --urls http://localhost:<other port>.");
        return 1;
    }

    /// <summary>The first of the URLs whose port another socket already holds, trying to bind as Kestrel will.</summary>
    internal static string? TakenAddress(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress binding;
            try { binding = BindingAddress.Parse(url); }
            catch (FormatException) { continue; }
            if (binding.IsUnixPipe || binding.Port == 0) continue;
            var ip = binding.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
                : IPAddress.TryParse(binding.Host.Trim('[', ']'), out var parsed) ? parsed
                : IPAddress.IPv6Any; // *, + and host names listen on every address
            if (InUse(new IPEndPoint(ip, binding.Port))) return url;
        }
        return null;
    }

    private static bool InUse(IPEndPoint endpoint)
    {
        try
        {
            using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            // Kestrel binds with SO_REUSEADDR off Windows, so a port in TIME_WAIT is not "in use".
            if (!OperatingSystem.IsWindows()) socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            return false;
        }
        catch (SocketException e)
        {
            // Anything else (no IPv6, a privileged port) is for Kestrel to report.
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse;
        }
    }

    private static string Browsable(string address) =>
        address.Replace("://+:", "://localhost:").Replace("://*:", "://localhost:")
            .Replace("://0.0.0.0:", "://localhost:").Replace("://[::]:", "://localhost:");
}
