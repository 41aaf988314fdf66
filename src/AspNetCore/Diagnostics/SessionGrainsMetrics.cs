using System.Diagnostics.Metrics;

namespace SessionGrains.AspNetCore;

/// <summary>Front-end instruments on the <c>SessionGrains.AspNetCore</c> meter.</summary>
internal sealed class SessionGrainsMetrics
{
    public const string MeterName = "SessionGrains.AspNetCore";
    public const string BadCookiesName = "sessiongrains.aspnetcore.bad_cookies";
    public const string SessionsCreatedName = "sessiongrains.aspnetcore.sessions_created";
    public const string CommitsName = "sessiongrains.aspnetcore.commits";
    public const string ReasonTag = "sessiongrains.cookie.problem";

    private readonly Counter<long> _badCookies;
    private readonly Counter<long> _sessionsCreated;
    private readonly Counter<long> _commits;

    public SessionGrainsMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _badCookies = meter.CreateCounter<long>(BadCookiesName, "{cookie}", "Session cookies refused: tampered, oversized, garbage.");
        _sessionsCreated = meter.CreateCounter<long>(SessionsCreatedName, "{session}", "Sessions created by this front end.");
        _commits = meter.CreateCounter<long>(CommitsName, "{commit}", "Session deltas committed.");
    }

    public void BadCookie(string problem)
    {
        if (_badCookies.Enabled)
        {
            _badCookies.Add(1, new KeyValuePair<string, object?>(ReasonTag, problem));
        }
    }

    public void SessionCreated() => _sessionsCreated.Add(1);

    public void Committed() => _commits.Add(1);
}
