using System.Net;
using System.Net.Sockets;
using Marketplace.Api.Data;
using Microsoft.Extensions.Options;

namespace Marketplace.Api.Infrastructure.Webhooks;

/// <summary>
/// Keeps webhooks from being aimed at the marketplace's own network (SSRF): an endpoint must be https (http only where
/// allowed) and may not be on a loopback, link-local, private, unspecified or multicast address. Checked when a
/// seller sets the URL and again on every connection, where the socket goes to the very address that was checked,
/// because a name may resolve elsewhere by then (DNS rebinding).
/// </summary>
public sealed class WebhookUrlPolicy(IOptions<WebhookOptions> options, IHostEnvironment environment)
{
    public bool AllowHttp => options.Value.AllowHttp ?? (environment.IsDevelopment() || environment.IsEnvironment("Testing"));

    public bool AllowPrivateNetworks => options.Value.AllowPrivateNetworks;

    /// <summary>Whether the text is a usable URL at all; null when it is.</summary>
    public static string? Malformed(string url) =>
        url.Length <= Limits.Url && Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.UserInfo.Length == 0 && uri.Host.Length > 0
            ? null
            : "webhookUrl must be an absolute http(s) URL without credentials.";

    /// <summary>Why the (well-formed) URL may not receive webhooks, or null when it may.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken ct)
    {
        var uri = new Uri(url);
        if (uri.Scheme != Uri.UriSchemeHttps && !AllowHttp) return "webhookUrl must use https.";
        if (AllowPrivateNetworks) return null;
        if (uri.IsLoopback) return "webhookUrl may not point at this machine.";
        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.DnsSafeHost, out var literal)) addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, ct);
            }
            catch (SocketException)
            {
                // Not resolvable now (or no DNS here); it is checked again at every send.
                return null;
            }
        }
        return addresses.Any(IsPrivate) ? "webhookUrl may not resolve to a loopback, private, link-local or multicast address." : null;
    }

    /// <summary>The SocketsHttpHandler.ConnectCallback: resolves, drops forbidden addresses, and connects to an allowed one.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = AllowPrivateNetworks ? addresses : addresses.Where(a => !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
            throw new HttpRequestException($"Refused to connect to {host}: it resolves only to loopback, private, link-local or multicast addresses.");

        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new HttpRequestException($"Could not connect to {host}: {last?.Message}", last);
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return true;
        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return b[0] == 0 // 0.0.0.0/8, "this network"
                || b[0] == 10
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || b[0] >= 224; // multicast, reserved and broadcast
        }
        return address.Equals(IPAddress.IPv6None) // ::
            || (b[0] & 0xFE) == 0xFC // fc00::/7 unique local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) // fe80::/10 link-local
            || (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) // fec0::/10 site-local (deprecated)
            || b[0] == 0xFF // multicast
            || (b[0] == 0x20 && b[1] == 0x02 && IsPrivate(new IPAddress(b[2..6]))) // 6to4 around a private IPv4
            || (b.Take(12).All(x => x == 0) && IsPrivate(new IPAddress(b[12..]))); // IPv4-compatible ::a.b.c.d
    }
}
