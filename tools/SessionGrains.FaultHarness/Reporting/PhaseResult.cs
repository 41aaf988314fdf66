using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>What the requests of one phase show.</summary>
internal sealed record PhaseResult(
    Phase Phase,
    TimeSpan Duration,
    int Requests,
    int Errors,
    string ErrorKinds,
    TimeSpan? Recovery,
    TimeSpan P99,
    TimeSpan Slowest,
    TimeSpan? SlowestFailed,
    long LostIncrements,
    int UsersWithLoss,
    long InDoubtApplied,
    int SessionsLost,
    OutageResult? Outage)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double Throughput => Duration <= TimeSpan.Zero ? 0 : Requests / Duration.TotalSeconds;

    /// <summary>Whether requests succeeded continuously to the window's end; always true with no fault.</summary>
    public bool Recovered => Phase.Fault is null || Recovery is not null;
}
