namespace SessionGrains.Grains.Sessions;

/// <summary>Silo-side settings of session grains, bound from <c>SessionGrains:Sessions</c>.</summary>
public sealed class SessionGrainOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "SessionGrains:Sessions";

    /// <summary>
    /// How far "last seen" may run ahead of what is stored before a read writes it. A read within the slack writes
    /// nothing; the Redis TTL then lags by at most this much, so a session whose activation is lost ends at most this
    /// much early, never late. Default: 1 minute, and never more than a tenth of the session's idle timeout.
    /// </summary>
    public TimeSpan LastSeenPersistSlack { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long an ended session keeps its reason in storage. Default: 10 minutes.</summary>
    public TimeSpan TombstoneRetention { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The most data a session may hold, keys and values in UTF-16 characters. Default: 16,384.</summary>
    public int MaxDataSize { get; set; } = 16 * 1024;

    /// <summary>The persist slack for a session with this idle timeout (milliseconds): <see cref="LastSeenPersistSlack"/>, at most a tenth of it.</summary>
    internal long PersistSlack(long idleTimeout) => Math.Min(idleTimeout / 10, (long)LastSeenPersistSlack.TotalMilliseconds);

    /// <summary>
    /// Until when a session last seen at <paramref name="lastSeenAt"/> is stored (Unix milliseconds): its idle deadline
    /// plus the slack, or its absolute deadline if that comes first. Its Redis TTL, and what its user grain is told.
    /// </summary>
    internal long StoredUntil(long lastSeenAt, long idleTimeout, long absoluteExpiresAt) =>
        Math.Min(lastSeenAt + idleTimeout + PersistSlack(idleTimeout), absoluteExpiresAt);
}
