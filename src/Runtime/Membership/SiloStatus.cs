namespace SessionGrains.Runtime.Membership;

/// <summary>A silo's status in membership.</summary>
public enum SiloStatus
{
    /// <summary>Owns grains and serves calls.</summary>
    Active,

    /// <summary>Leaving: owns no grains any more, hands over its activations, then leaves.</summary>
    ShuttingDown,

    /// <summary>Left gracefully, or declared dead after its heartbeat went stale. A dead silo never comes back.</summary>
    Dead,
}
