namespace SessionGrains.MultiProcess.Tests;

/// <summary>One signed-in session under load: its cookie and public id, and what its count loop saw so far.</summary>
public sealed class SessionUser(string sessionId, string cookie)
{
    private long _highestAcknowledged;
    private long _acknowledged;
    private long _inDoubt;
    private long _firstAnswerAfterMark = long.MaxValue;

    public string SessionId { get; } = sessionId;

    public string Cookie { get; } = cookie;

    /// <summary>The highest count a 200 answered: every increment up to it was acknowledged.</summary>
    public long HighestAcknowledged => Interlocked.Read(ref _highestAcknowledged);

    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Increments whose request failed or was abandoned: each may or may not have been applied.</summary>
    public long InDoubt => Interlocked.Read(ref _inDoubt);

    /// <summary>The load clock's ticks when a request started after the mark was first acknowledged; long.MaxValue if none yet.</summary>
    public long FirstAnswerAfterMark => Interlocked.Read(ref _firstAnswerAfterMark);

    internal void ResetMark() => Interlocked.Exchange(ref _firstAnswerAfterMark, long.MaxValue);

    internal void Acknowledge(long count, bool startedAfterMark, long now)
    {
        Interlocked.Increment(ref _acknowledged);
        long seen;
        while ((seen = Interlocked.Read(ref _highestAcknowledged)) < count && Interlocked.CompareExchange(ref _highestAcknowledged, count, seen) != seen)
        {
        }

        if (startedAfterMark)
        {
            Interlocked.CompareExchange(ref _firstAnswerAfterMark, now, long.MaxValue);
        }
    }

    internal void Doubt() => Interlocked.Increment(ref _inDoubt);
}
