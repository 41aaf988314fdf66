namespace SessionGrains.Runtime.Hosting;

/// <summary>Where a silo listens and how others reach it, bound from <c>SessionGrains:Silo</c>.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Silo";

    /// <summary>The TCP port of the grain protocol; 0 picks a free one. Default: 11111.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>The address to listen on. Default: <c>0.0.0.0</c>, every interface.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The host name or IP others connect to; it must reach this process. <c>auto</c> takes this host's first
    /// non-loopback IPv4 address, as a container scaled by docker-compose needs. Default: <c>127.0.0.1</c>.
    /// </summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    internal string ResolveAdvertisedHost()
    {
        if (!string.Equals(AdvertisedHost, "auto", StringComparison.OrdinalIgnoreCase))
        {
            return AdvertisedHost;
        }

        var address = System.Net.Dns.GetHostAddresses(System.Net.Dns.GetHostName())
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !System.Net.IPAddress.IsLoopback(a));
        return address?.ToString() ?? "127.0.0.1";
    }
}
