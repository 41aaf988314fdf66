using System.Diagnostics;
using System.Globalization;
using SessionGrains.FaultHarness.Load;
using SessionGrains.FaultHarness.Scenarios;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>Turns the requests of a run into one <see cref="PhaseResult"/> per phase.</summary>
internal static class PhaseAnalyzer
{
    /// <summary>
    /// Each request belongs to the phase in which it ended, so that a request in flight at a fault, and failed by it,
    /// counts in the fault's window.
    /// </summary>
    public static List<PhaseResult> Analyze(IReadOnlyList<Phase> phases, IReadOnlyList<AnnotatedRequest> requests, int users, TimeSpan stable, TimeSpan slow) =>
        [.. phases.Select(phase => Analyze(phase, [.. requests.Where(r => r.Record.End >= phase.Start && r.Record.End < phase.End)], requests, users, stable, slow))];

    private static PhaseResult Analyze(Phase phase, List<AnnotatedRequest> inPhase, IReadOnlyList<AnnotatedRequest> all, int users, TimeSpan stable, TimeSpan slow)
    {
        var failures = inPhase.Where(r => !r.Record.Succeeded).ToList();
        var latencies = inPhase.Select(r => r.Record.Latency).Order().ToList();
        return new PhaseResult(
            phase,
            Stopwatch.GetElapsedTime(phase.Start, phase.End),
            inPhase.Count,
            failures.Count,
            DescribeErrors(failures),
            phase.Fault is null ? null : Recovery(phase, inPhase, stable, slow),
            Percentile(latencies, 0.99),
            latencies.Count == 0 ? TimeSpan.Zero : latencies[^1],
            failures.Count == 0 ? null : failures.Max(r => r.Record.Latency),
            inPhase.Sum(r => r.Lost),
            inPhase.Where(r => r.Lost > 0).Select(r => r.User).Distinct().Count(),
            inPhase.Sum(r => r.InDoubtApplied),
            inPhase.Count(r => r.Record.Session is SessionChange.Replaced or SessionChange.Deleted),
            phase.Fault == FaultKind.RedisRestart ? Outage(phase, all, users) : null);
    }

    /// <summary>
    /// From the fault until the farm serves again: to the start of the last disrupted request (failed, or slower than
    /// <paramref name="slow"/>: a user waiting is not served), when every request started later succeeded and they went
    /// on for at least <paramref name="stable"/> up to the window's end; zero when none was disrupted; null when they did
    /// not recover. A request already in flight at the fault that fails late (a gateway's response timeout) shows in
    /// the slowest failed request, not here: new requests were served meanwhile.
    /// </summary>
    private static TimeSpan? Recovery(Phase phase, List<AnnotatedRequest> inPhase, TimeSpan stable, TimeSpan slow)
    {
        var disrupted = inPhase.Where(r => !r.Record.Succeeded || r.Record.Latency > slow).ToList();
        if (disrupted.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var last = disrupted.Max(r => r.Record.Start);
        var after = inPhase.Where(r => r.Record.Start > last).ToList();
        if (after.Count == 0 || !after.All(r => r.Record.Succeeded) || Stopwatch.GetElapsedTime(last, phase.End) < stable)
        {
            return null;
        }

        return last > phase.FaultStart ? phase.SinceFault(last) : TimeSpan.Zero;
    }

    private static OutageResult Outage(Phase phase, IReadOnlyList<AnnotatedRequest> all, int users)
    {
        var during = all.Where(r => r.Record.Start >= phase.FaultStart && r.Record.Start <= phase.FaultEnd).ToList();
        var failed = during.Where(r => !r.Record.Succeeded).ToList();

        // A session survived when, after Redis came back, its cookie still worked (no new or deleted cookie from the
        // stop on) and its count went on from the highest acknowledged before the stop. The final POST of each user
        // counts too, so a short window on a slow machine does not hide a session that did survive.
        var kept = 0;
        foreach (var user in all.GroupBy(r => r.User))
        {
            var before = user.Where(r => r.Record.Succeeded && r.Record.Start < phase.FaultStart).Select(r => r.Record.Count).DefaultIfEmpty(0).Max();
            var since = user.Where(r => r.Record.End >= phase.FaultStart).ToList();
            var firstAfter = since.FirstOrDefault(r => r.Record.Succeeded && r.Record.Start >= phase.FaultEnd);
            if (firstAfter.Record.Succeeded && firstAfter.Record.Count > before && !since.Any(r => r.Record.Session is SessionChange.Replaced or SessionChange.Deleted))
            {
                kept++;
            }
        }

        return new OutageResult(
            Stopwatch.GetElapsedTime(phase.FaultStart, phase.FaultEnd),
            during.Count,
            failed.Count,
            during.Count == 0 ? null : during.Max(r => r.Record.Latency),
            failed.Count == 0 ? null : failed.Max(r => r.Record.Latency),
            during.Count(r => r.Record.Outcome == RequestOutcome.TimedOut),
            kept,
            users);
    }

    private static string DescribeErrors(List<AnnotatedRequest> failures) =>
        string.Join(", ", failures
            .GroupBy(r => r.Record.Outcome switch
            {
                RequestOutcome.ConnectionFailed => "connection",
                RequestOutcome.TimedOut => "timeout",
                _ => r.Record.Status.ToString(CultureInfo.InvariantCulture),
            })
            .OrderByDescending(g => g.Count())
            .Select(g => $"{g.Key}×{g.Count().ToString(CultureInfo.InvariantCulture)}"));

    private static TimeSpan Percentile(List<TimeSpan> sorted, double quantile) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
}
