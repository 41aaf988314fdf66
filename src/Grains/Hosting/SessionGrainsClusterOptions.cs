namespace SessionGrains.Grains.Hosting;

/// <summary>
/// Where a silo or client finds its cluster, bound from <c>SessionGrains:Cluster</c> and <c>SessionGrains:Silo</c>.
/// Orleans' own options (membership, messaging, gateway) bind from <c>SessionGrains:Orleans:*</c>; see
/// <see cref="SessionGrainsClusterExtensions"/>.
/// </summary>
public sealed class SessionGrainsClusterOptions
{
    /// <summary>The configuration key of the Redis connection string.</summary>
    public const string RedisKey = "SessionGrains:Redis";

    /// <summary>The configuration section of the cluster's ids.</summary>
    public const string ClusterSectionName = "SessionGrains:Cluster";

    /// <summary>The configuration section of this silo's endpoints.</summary>
    public const string SiloSectionName = "SessionGrains:Silo";

    /// <summary>The cluster id: silos and clients of other clusters never meet. Default: <c>sessiongrains</c>.</summary>
    public string ClusterId { get; set; } = "sessiongrains";

    /// <summary>The service id, the first part of every stored state's key. Default: <c>sessiongrains</c>.</summary>
    public string ServiceId { get; set; } = "sessiongrains";

    /// <summary>The silo-to-silo port; 0 picks a free one. Default: 11111.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>The port clients connect to; 0 picks a free one. Default: 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address the silo listens on. Default: any (0.0.0.0).</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// The address other silos and clients connect to: an IP, a host name resolved at start, or <c>auto</c> for this
    /// machine's first non-loopback IPv4 address (a container's). Default: 127.0.0.1.
    /// </summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";
}
