using Microsoft.Extensions.Logging;
using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Events;

/// <summary>Delivers each event to every registered <see cref="ISessionEvents"/>; one failing observer cannot fail a session.</summary>
internal sealed partial class SessionEventDispatcher(IEnumerable<ISessionEvents> observers, ILogger<SessionEventDispatcher> logger)
{
    private readonly ISessionEvents[] _observers = [.. observers];

    public async ValueTask PublishAsync(SessionEvent sessionEvent)
    {
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnSessionEventAsync(sessionEvent, CancellationToken.None);
            }
            catch (Exception exception)
            {
                Log.ObserverFailed(logger, exception, observer.GetType().Name, sessionEvent.Kind, sessionEvent.PublicId);
            }
        }
    }

    public static SessionEventKind KindOf(SessionEndReason reason) => reason switch
    {
        SessionEndReason.Idle or SessionEndReason.Absolute => SessionEventKind.Expired,
        SessionEndReason.Revoked or SessionEndReason.Evicted => SessionEventKind.Revoked,
        SessionEndReason.SignedOut => SessionEventKind.SignedOut,
        _ => SessionEventKind.Rotated,
    };

    private static partial class Log
    {
        [LoggerMessage(7001, LogLevel.Warning, "Session observer {Observer} failed on {Kind} of session {PublicId}.", EventName = "SessionObserverFailed")]
        public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, SessionEventKind kind, string publicId);
    }
}
