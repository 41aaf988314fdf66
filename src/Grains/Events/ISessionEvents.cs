namespace SessionGrains.Grains.Events;

/// <summary>
/// Observes session events on the silo where they happen, for audit logs and metrics. Register implementations as
/// singletons; they run inside the session's turn, so keep them fast. An exception is logged and ignored.
/// </summary>
public interface ISessionEvents
{
    /// <summary>Called once per event.</summary>
    ValueTask OnSessionEventAsync(SessionEvent sessionEvent, CancellationToken cancellationToken);
}
