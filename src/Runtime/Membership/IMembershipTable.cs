namespace SessionGrains.Runtime.Membership;

/// <summary>
/// Where silos register and watch each other: Redis for real clusters, memory for tests. Status changes bump the
/// version and are pushed to subscribers; heartbeats are stamped by the table's own clock, so silos' clocks never
/// have to agree.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Reads the current view.</summary>
    Task<MembershipView> ReadViewAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="entry"/>'s status and stamps its heartbeat; a status change bumps the version. Returns
    /// false, writing nothing, when the silo has been declared dead: a dead silo stays dead.
    /// </summary>
    Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>Stamps <paramref name="silo"/>'s heartbeat, unless the silo is dead or unknown to the table.</summary>
    Task<HeartbeatResult> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>
    /// Declares dead every non-dead silo whose heartbeat is older than <paramref name="deathTimeout"/>, and returns how
    /// many. When no sweep has run for longer than <paramref name="deathTimeout"/> (the table was unreachable, say), it
    /// declares nobody this time, giving every silo one timeout to stamp a heartbeat first.
    /// </summary>
    Task<int> DeclareStaleSilosDeadAsync(TimeSpan deathTimeout, CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> whenever a status or an applied view version changes.</summary>
    Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken);
}
