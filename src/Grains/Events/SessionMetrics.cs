using System.Diagnostics.Metrics;

namespace SessionGrains.Grains.Events;

/// <summary>Session counters on the <c>SessionGrains.Grains</c> meter, fed by session events.</summary>
internal sealed class SessionMetrics : ISessionEvents
{
    public const string MeterName = "SessionGrains.Grains";
    public const string SessionsStartedName = "sessiongrains.sessions.started";
    public const string SessionsEndedName = "sessiongrains.sessions.ended";
    public const string KindTag = "sessiongrains.session.event";
    public const string ReasonTag = "sessiongrains.session.end_reason";

    private readonly Counter<long> _started;
    private readonly Counter<long> _ended;

    public SessionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _started = meter.CreateCounter<long>(SessionsStartedName, "{session}", "Sessions created, anonymous or signed in.");
        _ended = meter.CreateCounter<long>(SessionsEndedName, "{session}", "Sessions ended, by reason.");
    }

    public ValueTask OnSessionEventAsync(SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        if (sessionEvent.Reason is { } reason)
        {
            if (_ended.Enabled)
            {
                _ended.Add(1, new KeyValuePair<string, object?>(ReasonTag, reason.ToString()));
            }
        }
        else if (_started.Enabled)
        {
            _started.Add(1, new KeyValuePair<string, object?>(KindTag, sessionEvent.Kind.ToString()));
        }

        return ValueTask.CompletedTask;
    }
}
