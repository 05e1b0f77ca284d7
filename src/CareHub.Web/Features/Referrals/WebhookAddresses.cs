using System.Net;
using System.Net.Sockets;

namespace CareHub.Web.Features.Referrals;

/// <summary>
/// Where webhooks may go. Receivers are <c>https</c> addresses on the public internet. Loopback and private networks
/// (and plain <c>http</c>) only when <see cref="WebhookOptions.AllowPrivateNetworks"/> is on, as in Development;
/// link-local addresses (169.254.0.0/16, fe80::/10, hence cloud metadata services), other cloud metadata addresses,
/// multicast and reserved ranges never. The address is checked when a subscription is made and again on every
/// connection, after the name is resolved (a name may resolve elsewhere later), and the connection goes to the very
/// address that was checked.
/// </summary>
public static class WebhookAddresses
{
    public const string NotAllowed = "The receiver's address is not allowed: webhooks go to https addresses on the public internet.";

    public enum Kind
    {
        Public,
        Loopback,
        Private,
        Never,
    }

    private static readonly (IPAddress Network, int Bits, Kind Kind)[] _v4Ranges =
    [
        (IPAddress.Parse("0.0.0.0"), 8, Kind.Never),
        (IPAddress.Parse("10.0.0.0"), 8, Kind.Private),
        (IPAddress.Parse("100.100.100.200"), 32, Kind.Never), // a cloud metadata service inside the shared range
        (IPAddress.Parse("100.64.0.0"), 10, Kind.Private),
        (IPAddress.Parse("127.0.0.0"), 8, Kind.Loopback),
        (IPAddress.Parse("169.254.0.0"), 16, Kind.Never),
        (IPAddress.Parse("172.16.0.0"), 12, Kind.Private),
        (IPAddress.Parse("192.0.0.0"), 24, Kind.Never),
        (IPAddress.Parse("192.0.2.0"), 24, Kind.Never),
        (IPAddress.Parse("192.168.0.0"), 16, Kind.Private),
        (IPAddress.Parse("198.18.0.0"), 15, Kind.Never),
        (IPAddress.Parse("198.51.100.0"), 24, Kind.Never),
        (IPAddress.Parse("203.0.113.0"), 24, Kind.Never),
        (IPAddress.Parse("224.0.0.0"), 3, Kind.Never), // multicast, reserved and broadcast
    ];

    private static readonly (IPAddress Network, int Bits, Kind Kind)[] _v6Ranges =
    [
        (IPAddress.Parse("fd00:ec2::254"), 128, Kind.Never), // a cloud metadata service inside the unique-local range
        (IPAddress.Parse("fc00::"), 7, Kind.Private),
        (IPAddress.Parse("fe80::"), 10, Kind.Never),
        (IPAddress.Parse("fec0::"), 10, Kind.Private),
        (IPAddress.Parse("ff00::"), 8, Kind.Never),
        (IPAddress.Parse("2001:db8::"), 32, Kind.Never),
        (IPAddress.Parse("100::"), 64, Kind.Never),
    ];

    public static Kind Classify(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return Kind.Loopback;
            }

            if (address.Equals(IPAddress.IPv6Any))
            {
                return Kind.Never;
            }

            var bytes = address.GetAddressBytes();
            if (Embedded(bytes) is { } inner)
            {
                return Classify(inner); // NAT64 and 6to4 carry an IPv4 address that decides where the packet goes
            }

            return _v6Ranges.FirstOrDefault(r => InRange(bytes, r.Network, r.Bits)) is { Network: not null } hit ? hit.Kind : Kind.Public;
        }

        var v4 = address.GetAddressBytes();
        return _v4Ranges.FirstOrDefault(r => InRange(v4, r.Network, r.Bits)) is { Network: not null } match ? match.Kind : Kind.Public;
    }

    public static bool Allowed(IPAddress address, bool allowPrivateNetworks) => Classify(address) switch
    {
        Kind.Public => true,
        Kind.Loopback or Kind.Private => allowPrivateNetworks,
        _ => false,
    };

    /// <summary>Checks a receiver URL given by a person: its form, scheme, and (when it is an address or resolves to
    /// one now) where it points. Returns the URL to store, or the reason it is refused.</summary>
    public static async Task<(Uri? Url, string? Error)> CheckAsync(string? url, bool allowPrivateNetworks, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > 2000 || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return (null, "Give the receiver's absolute https URL, e.g. https://partner.example.org/carehub/events.");
        }

        if (uri.Scheme != "https" && !allowPrivateNetworks)
        {
            return (null, "The receiver must use https.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return (null, "Leave user names and passwords out of the URL; the receiver checks the signature instead.");
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (SocketException)
        {
            return (uri, null); // not resolvable from here now; checked again on every delivery
        }

        return addresses.Any(a => !Allowed(a, allowPrivateNetworks))
            ? (null, allowPrivateNetworks
                ? "The receiver's address is not allowed: link-local, cloud metadata and reserved addresses are never webhook receivers."
                : "The receiver's address is not allowed: webhooks go to addresses on the public internet, not to loopback, private or link-local networks.")
            : (uri, null);
    }

    /// <summary>Set on a request to allow loopback and private receivers for it (<see cref="Connect"/> refuses them otherwise).</summary>
    public static readonly HttpRequestOptionsKey<bool> AllowPrivateNetworksOption = new("CareHub.Webhooks.AllowPrivateNetworks");

    /// <summary>A connection callback for the webhook HTTP client: resolves the host, refuses the connection if any of
    /// its addresses is not allowed, and connects to the checked addresses themselves.</summary>
    public static async ValueTask<Stream> Connect(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = await ResolveAsync(host, ct);
        var allow = context.InitialRequestMessage.Options.TryGetValue(AllowPrivateNetworksOption, out var allowed) && allowed;
        var refused = addresses.Where(a => !Allowed(a, allow)).ToList();
        if (addresses.Length == 0 || refused.Count > 0)
        {
            throw new AddressRefusedException(addresses.Length == 0 ? $"{host} resolves to no address."
                : $"{host} resolves to {string.Join(", ", refused)} ({string.Join(", ", refused.Select(Classify).Distinct())}), which is not allowed.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The reason a request was refused by <see cref="Connect"/>, or null if it failed otherwise.</summary>
    public static string? Refusal(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressRefusedException refused)
            {
                return refused.Message;
            }
        }

        return null;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var bare = host.TrimStart('[').TrimEnd(']');
        if (IPAddress.TryParse(bare, out var literal))
        {
            return [literal];
        }

        return await Dns.GetHostAddressesAsync(bare, ct);
    }

    private static IPAddress? Embedded(byte[] v6)
    {
        // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4)
        if (v6[0] == 0x00 && v6[1] == 0x64 && v6[2] == 0xff && v6[3] == 0x9b && v6.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return new IPAddress(v6.AsSpan(12, 4));
        }

        return v6[0] == 0x20 && v6[1] == 0x02 ? new IPAddress(v6.AsSpan(2, 4)) : null;
    }

    private static bool InRange(byte[] address, IPAddress network, int bits)
    {
        var net = network.GetAddressBytes();
        if (net.Length != address.Length)
        {
            return false;
        }

        for (var i = 0; i < net.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? (byte)0xff : (byte)(0xff << (8 - bits));
            if ((address[i] & mask) != (net[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class AddressRefusedException(string message) : IOException(message);
}
