using System.Diagnostics;

namespace SessionGrains.FaultHarness.Load;

/// <summary>
/// One request of a virtual user: when it started and ended (<see cref="Stopwatch"/> timestamps), how it ended, and the
/// count the farm acknowledged (0 unless <see cref="RequestOutcome.Acknowledged"/>).
/// </summary>
internal readonly record struct RequestRecord(long Start, long End, RequestOutcome Outcome, int Status, long Count, SessionChange Session)
{
    public bool Succeeded => Outcome == RequestOutcome.Acknowledged;

    public TimeSpan Latency => Stopwatch.GetElapsedTime(Start, End);
}
