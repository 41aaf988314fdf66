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
    /// false, writing nothing, when the silo has been declared dead: a dead silo stays dead. A silo new to the table that
    /// has applied a version the table has not reached means the table lost its data: the version then jumps past it,
    /// so that everyone, who ignores views older than the one they hold, takes the views that follow.
    /// </summary>
    Task<bool> UpsertAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>Stamps <paramref name="silo"/>'s heartbeat, unless the silo is dead or unknown to the table.</summary>
    Task<HeartbeatResult> HeartbeatAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>
    /// Declares dead every non-dead silo whose heartbeat is older than <paramref name="deathTimeout"/>, and returns how
    /// many. Every silo sweeps each heartbeat, so a gap between sweeps longer than half of
    /// <paramref name="deathTimeout"/> means the table was unreachable (or every silo stalled): the time beyond that
    /// half is credited to every live silo's heartbeat first, so an outage of the table does not read as the death of
    /// silos whose heartbeats could not reach it. The first sweep ever credits everyone in full.
    /// </summary>
    Task<int> DeclareStaleSilosDeadAsync(TimeSpan deathTimeout, CancellationToken cancellationToken);

    /// <summary>Publishes what <paramref name="silo"/> hosts; kept until the silo is forgotten.</summary>
    Task PublishStatisticsAsync(SiloAddress silo, SiloStatistics statistics, CancellationToken cancellationToken);

    /// <summary>Reads what every silo last published.</summary>
    Task<IReadOnlyDictionary<SiloAddress, SiloStatistics>> ReadStatisticsAsync(CancellationToken cancellationToken);

    /// <summary>Calls <paramref name="onChanged"/> whenever a status or an applied view version changes.</summary>
    Task SubscribeAsync(Action onChanged, CancellationToken cancellationToken);
}
