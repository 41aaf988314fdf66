using System.Diagnostics;

namespace SessionGrains.FaultHarness.Scenarios;

/// <summary>
/// A stretch of the run: the warm-up, a fault's window (from the fault on) or the restore after it. Requests belong to
/// the phase in which they ended. Times are <see cref="Stopwatch"/> timestamps.
/// </summary>
internal sealed class Phase(string name, FaultKind? fault)
{
    public string Name { get; } = name;

    /// <summary>The fault this phase's window follows; null for the warm-up and restores.</summary>
    public FaultKind? Fault { get; } = fault;

    public long Start { get; set; }

    public long End { get; set; }

    /// <summary>When the fault was injected (the kill, the SIGTERM, the Redis stop).</summary>
    public long FaultStart { get; set; }

    /// <summary>When the fault was over: Redis answering again; the same as <see cref="FaultStart"/> for the other faults.</summary>
    public long FaultEnd { get; set; }

    /// <summary>What happened, in words, with times from the fault: for the report.</summary>
    public List<string> Events { get; } = [];

    /// <summary>What went wrong beyond the fault itself (a process that should have lived died): failing checks.</summary>
    public List<string> Problems { get; } = [];

    public TimeSpan SinceFault(long timestamp) => Stopwatch.GetElapsedTime(FaultStart, timestamp);
}
