namespace SessionGrains.FaultHarness.Reporting;

/// <summary>The requests that started while Redis was down (from its stop until it answered again).</summary>
internal sealed record OutageResult(
    TimeSpan Duration,
    int Requests,
    int Errors,
    TimeSpan? Slowest,
    TimeSpan? SlowestFailed,
    int TimedOut,
    int SessionsKept,
    int Users);
