using System.Globalization;
using System.Text;
using static SessionGrains.FaultHarness.Reporting.HarnessReport;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>The membership measurement's runs, as Markdown.</summary>
internal sealed record MembershipReport(HarnessOptions Options, MachineInfo Machine, DateTimeOffset StartedAt, IReadOnlyList<MembershipRun> Runs)
{
    public string Render()
    {
        var text = new StringBuilder();
        var timings = Options.OrleansDefaults
            ? "Orleans' defaults (" + string.Join(", ", HarnessOptions.OrleansMembershipDefaults.Select(s => $"`{s.Key}={s.Value}`")) + ")"
            : "the project's tuned defaults (SessionGrainsClusterExtensions: ProbeTimeout 1 s, MaxProbeTimeout 4 s, IAmAliveTablePublishTimeout 10 s, TableRefreshTimeout 5 s)";
        text.AppendLine(CultureInfo.InvariantCulture, $"### Membership: kill -9 one silo of {Options.Silos}, {timings}").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project tools/SessionGrains.FaultHarness --{string.Concat(Options.Arguments.Select(a => " " + a))}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Machine}; started {StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine("- Redis and the silos only (no front ends, no load); the membership hash polled every 10 ms").AppendLine();
        text.AppendLine("| run | killed | first suspicion in the table | declared Dead in the table |");
        text.AppendLine("| ---: | --- | ---: | ---: |");
        foreach (var run in Runs)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {run.Run} | {run.Silo} | {(run.FirstSuspicion is { } s ? Seconds(s) : "not seen")} | {Seconds(run.DeclaredDead)} |");
        }

        if (Runs.Count > 0)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture,
                $"Declared dead after {Seconds(Runs.Min(r => r.DeclaredDead))} to {Seconds(Runs.Max(r => r.DeclaredDead))} (median {Seconds(Runs.Select(r => r.DeclaredDead).Order().ElementAt(Runs.Count / 2))}).");
        }

        return text.ToString();
    }
}
