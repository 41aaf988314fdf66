using System.Globalization;

namespace SessionGrains.Deployment.Tests.Compose;

/// <summary>One entry of a compose service's <c>ports</c>: a container port, published on a host port or not.</summary>
public sealed record PortMapping(string? HostIp, int? HostPort, int ContainerPort, string Protocol)
{
    /// <summary>
    /// Parses the short syntax: <c>80</c>, <c>8080:80</c>, <c>127.0.0.1:8080:80</c>, each optionally with <c>/tcp</c>
    /// or <c>/udp</c>. Port ranges are not used here and are rejected.
    /// </summary>
    /// <exception cref="FormatException">The entry is not of that form.</exception>
    public static PortMapping Parse(string text)
    {
        var (ports, protocol) = text.Split('/') switch
        {
            [var p] => (p, "tcp"),
            [var p, var proto] => (p, proto),
            _ => throw new FormatException($"Unexpected port entry '{text}'."),
        };
        var parts = ports.Split(':');
        return parts switch
        {
            [var container] => new PortMapping(null, null, Port(container, text), protocol),
            [var host, var container] => new PortMapping(null, Port(host, text), Port(container, text), protocol),
            [var ip, var host, var container] => new PortMapping(ip, host.Length == 0 ? null : Port(host, text), Port(container, text), protocol),
            _ => throw new FormatException($"Unexpected port entry '{text}'."),
        };
    }

    private static int Port(string value, string entry) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"'{value}' in port entry '{entry}' is not a port number.");
}
