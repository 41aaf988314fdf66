using System.Globalization;
using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>A whole run: its settings, machine, phases, final counts, and the checks of issue 6.</summary>
internal sealed class HarnessReport
{
    /// <summary>The bound on recovery after a silo is killed. 5 seconds.</summary>
    public static readonly TimeSpan SiloKillRecoveryBound = TimeSpan.FromSeconds(5);

    /// <summary>The bound on any request during a Redis outage: it answers, success or 503, within this. 1 second.</summary>
    public static readonly TimeSpan OutageAnswerBound = TimeSpan.FromSeconds(1);

    public HarnessReport(HarnessOptions options, MachineInfo machine, DateTimeOffset startedAt, IReadOnlyList<PhaseResult> phases, IReadOnlyList<UserFinalCount> finalCounts)
    {
        Options = options;
        Machine = machine;
        StartedAt = startedAt;
        Phases = phases;
        FinalCounts = finalCounts;
        Checks = BuildChecks();
    }

    public HarnessOptions Options { get; }

    public MachineInfo Machine { get; }

    public DateTimeOffset StartedAt { get; }

    public IReadOnlyList<PhaseResult> Phases { get; }

    public IReadOnlyList<UserFinalCount> FinalCounts { get; }

    public IReadOnlyList<Check> Checks { get; }

    public bool Passed => Checks.All(c => c.Passed);

    public PhaseResult Fault(FaultKind kind) => Phases.Single(p => p.Phase.Fault == kind);

    private List<Check> BuildChecks()
    {
        var checks = new List<Check>();
        var lostDuringRun = Phases.Sum(p => p.LostIncrements);
        var kept = FinalCounts.Count(f => f.Kept);
        checks.Add(new Check(
            "No acknowledged increment was lost",
            lostDuringRun == 0 && kept == FinalCounts.Count,
            $"{kept}/{FinalCounts.Count} users' final count ≥ their highest acknowledged count (missing: {FinalCounts.Sum(f => f.Lost)}); " +
            $"counts that went back during the run: {lostDuringRun}"));

        foreach (var result in Phases.Where(p => p.Phase.Fault is not null))
        {
            var name = result.Phase.Name;
            if (result.Phase.Fault == FaultKind.SiloKill)
            {
                checks.Add(new Check(
                    $"{name}: requests recover within {Seconds(SiloKillRecoveryBound)}",
                    result.Recovery is { } recovery && recovery <= SiloKillRecoveryBound,
                    result.Recovery is { } r ? $"recovered after {Seconds(r)}" : "did not recover within the window"));
            }

            if (result.Phase.Fault is FaultKind.SiloStop or FaultKind.FrontendStop)
            {
                checks.Add(new Check(
                    $"{name}: a graceful stop fails no request",
                    result.Errors == 0 && result.Requests > 0,
                    $"{result.Requests} requests ended in the window, {result.Errors} failed{(result.Errors == 0 ? "" : $" ({result.ErrorKinds})")}"));
            }

            if (result.Outage is { } outage)
            {
                checks.Add(new Check(
                    $"{name}: every request during the outage answers (success or 503) within {Seconds(OutageAnswerBound)}",
                    outage.Requests > 0 && outage.TimedOut == 0 && outage.Slowest <= OutageAnswerBound,
                    $"{outage.Requests} requests started during the {Seconds(outage.Duration)} outage, {outage.Errors} failed; slowest {Millis(outage.Slowest)}, slowest failed {Millis(outage.SlowestFailed)}"));
                checks.Add(new Check(
                    $"{name}: every session survives the Redis restart",
                    outage.SessionsKept == outage.Users,
                    $"{outage.SessionsKept}/{outage.Users} cookies still worked afterwards and their counts went on"));
            }

            checks.Add(new Check(
                $"{name}: no other process went down",
                result.Phase.Problems.Count == 0,
                result.Phase.Problems.Count == 0 ? "none did" : string.Join("; ", result.Phase.Problems)));
        }

        return checks;
    }

    internal static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    internal static string Millis(TimeSpan? value) => value is { } v ? v.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms" : "–";
}
