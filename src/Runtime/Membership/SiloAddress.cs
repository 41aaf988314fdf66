using System.Globalization;
using System.Net;

namespace SessionGrains.Runtime.Membership;

/// <summary>A silo incarnation: where it listens, and when it started, so a restarted silo on the same port is a new silo.</summary>
/// <param name="Host">The advertised host name or IP address.</param>
/// <param name="Port">The silo port.</param>
/// <param name="Generation">The incarnation, from the start time in milliseconds.</param>
public sealed record SiloAddress(string Host, int Port, long Generation)
{
    /// <summary>Returns <c>host:port@generation</c>, the silo's id in membership.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");

    /// <summary>Parses <see cref="ToString"/>'s form.</summary>
    /// <exception cref="FormatException"><paramref name="value"/> is not of the form <c>host:port@generation</c>.</exception>
    public static SiloAddress Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf('@');
        var colon = at > 0 ? value.LastIndexOf(':', at) : -1;
        if (colon <= 0
            || !int.TryParse(value.AsSpan(colon + 1, at - colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || !long.TryParse(value.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new FormatException($"'{value}' is not a silo address of the form host:port@generation.");
        }

        return new SiloAddress(value[..colon], port, generation);
    }

    /// <summary>Resolves the address to an endpoint to connect to.</summary>
    public async Task<EndPoint> ResolveAsync(CancellationToken cancellationToken) =>
        IPAddress.TryParse(Host, out var ip)
            ? new IPEndPoint(ip, Port)
            : new IPEndPoint((await Dns.GetHostAddressesAsync(Host, cancellationToken)).First(), Port);
}
