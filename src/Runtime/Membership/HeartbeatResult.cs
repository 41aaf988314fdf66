namespace SessionGrains.Runtime.Membership;

/// <summary>What a heartbeat found.</summary>
public enum HeartbeatResult
{
    /// <summary>Stamped: the silo is alive in the table.</summary>
    Alive,

    /// <summary>The silo has been declared dead; it must stop.</summary>
    Dead,

    /// <summary>The table has no row for the silo, for example after losing its data; the silo should join again.</summary>
    Missing,
}
