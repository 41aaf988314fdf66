namespace SessionGrains.Grains.Storage;

/// <summary>
/// A grain state that knows when its stored record may go: the session storage sets the Redis key to expire then, in
/// the same script as the write, so a record outlives no deadline even when no activation is alive.
/// </summary>
public interface IExpiringState
{
    /// <summary>When the stored record expires; null for never.</summary>
    DateTimeOffset? ExpiresAt { get; }
}
