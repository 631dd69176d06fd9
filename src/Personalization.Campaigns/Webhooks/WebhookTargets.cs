using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Personalization.Campaigns.Webhooks;

/// <summary>
/// Keeps webhooks from reaching into the engine's own network (SSRF): a target must be https and resolve only to
/// public addresses, unless its host is listed in <c>Campaigns:Webhooks:AllowedHosts</c>. Checked when a campaign is
/// stored and again when each delivery connects, on the address actually connected to, so a name that later resolves
/// inward is refused too.
/// </summary>
public sealed class WebhookTargets(IOptions<CampaignOptions> options)
{
    private readonly HashSet<string> allowedHosts = new(options.Value.Webhooks.AllowedHosts, StringComparer.OrdinalIgnoreCase);

    public bool IsAllowedHost(string host) => allowedHosts.Contains(host.Trim('[', ']'));

    /// <summary>
    /// Why the engine will not send to <paramref name="url"/>, or null. A name that does not resolve now passes here
    /// (it may before the first delivery) and is checked again when a delivery connects.
    /// </summary>
    public async Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
    {
        if (IsAllowedHost(url.Host))
        {
            return null;
        }

        if (url.Scheme != Uri.UriSchemeHttps)
        {
            return HttpsRequired;
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(url.DnsSafeHost, cancellationToken);
        }
        catch (SocketException)
        {
            return null;
        }

        return addresses.FirstOrDefault(a => !IsPublic(a)) is { } inward ? Refusal(url.Host, inward) : null;
    }

    /// <summary>Connects to the first address of the request's host, refusing non-public ones unless the host is allowed.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        if (!IsAllowedHost(host) && context.InitialRequestMessage.RequestUri?.Scheme != Uri.UriSchemeHttps)
        {
            throw new HttpRequestException($"webhook.url {HttpsRequired}");
        }

        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (!IsAllowedHost(host) && addresses.FirstOrDefault(a => !IsPublic(a)) is { } inward)
        {
            throw new HttpRequestException($"webhook.url {Refusal(host, inward)}");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private const string HttpsRequired = "must be https (http only for a host listed in Campaigns:Webhooks:AllowedHosts)";

    private static string Refusal(string host, IPAddress address) =>
        $"{host} resolves to {address}, a loopback, link-local, private or multicast address; list the host in Campaigns:Webhooks:AllowedHosts to allow it";

    /// <summary>False for loopback, unspecified, link-local, private (RFC 1918, CGNAT, unique local), multicast and broadcast addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal);
        }

        var b = address.GetAddressBytes();
        return !(b[0] == 0 // this network
            || b[0] == 10
            || (b[0] == 100 && b[1] >= 64 && b[1] < 128) // carrier-grade NAT
            || (b[0] == 169 && b[1] == 254) // link-local, cloud metadata
            || (b[0] == 172 && b[1] >= 16 && b[1] < 32)
            || (b[0] == 192 && b[1] == 168)
            || b[0] >= 224); // multicast and reserved
    }
}
