namespace SessionGrains.Runtime.Membership;

/// <summary>Cluster membership and failure detection, bound from <c>SessionGrains:Cluster</c>.</summary>
public sealed class ClusterOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Cluster";

    /// <summary>The cluster's id: silos and clients of other clusters are refused. Default: <c>sessiongrains</c>.</summary>
    public string ClusterId { get; set; } = "sessiongrains";

    /// <summary>Prefixed to the cluster's Redis keys: <c>{prefix}cluster:{ClusterId}:…</c>. Default: <c>sg:</c>.</summary>
    public string KeyPrefix { get; set; } = "sg:";

    /// <summary>How often a silo stamps its heartbeat. Default: 1 second.</summary>
    public TimeSpan HeartbeatPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How old a heartbeat may be before its silo is declared dead. Default: 3 seconds (Orleans needs 15 s or more).</summary>
    public TimeSpan DeathTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the view is read even without a push, as the backstop for a lost notification. Default: 2 seconds.</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a starting silo keeps trying to join while the membership table is unreachable. Default: 30 seconds.</summary>
    public TimeSpan JoinTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a new activation waits for other silos to finish handing over after a view change. Default: 10 seconds.</summary>
    public TimeSpan HandoverTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
