using System.Globalization;
using System.Text;
using SessionGrains.Farm;
using static SessionGrains.FaultHarness.Reporting.HarnessReport;

namespace SessionGrains.FaultHarness.Reporting;

/// <summary>Writes a <see cref="HarnessReport"/> as Markdown: the table of phases, the Redis outage, events and checks.</summary>
internal static class MarkdownReport
{
    public static string Render(HarnessReport report)
    {
        var options = report.Options;
        var text = new StringBuilder();
        text.AppendLine("## Fault run").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Command: `dotnet run -c Release --project tools/SessionGrains.FaultHarness --{string.Concat(options.Arguments.Select(a => " " + Quote(a)))}`");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {report.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Started: {report.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Farm, each a real process on loopback: redis-server (appendonly yes, appendfsync everysec), {options.Silos} Orleans silos (Redis clustering and storage), {options.Frontends} front ends (`SessionGrains:Mode=Client`, Orleans clients), nginx (`proxy_next_upstream error timeout`, `max_fails=1 fail_timeout=1s`; a front end is marked `down` and nginx reloaded before it gets SIGTERM)");
        if (options.Settings.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Settings for silos and front ends: {string.Join(", ", options.Settings.Select(s => $"`{s.Key}={s.Value}`"))}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- Load: {options.Users} virtual users through nginx, each with its own cookie (one session), POST /api/count in a loop, one request at a time{(options.Think > TimeSpan.Zero ? $", {options.Think.TotalMilliseconds:0} ms apart" : "")}; a request unanswered after {Seconds(options.RequestTimeout)} counts as a hang");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Each fault's window lasts {Seconds(options.Duration)} from the fault; then the farm is restored and runs {Seconds(options.Settle)} before the next fault. {RedisFault(options)}");
        text.AppendLine();

        text.AppendLine("| phase | requests | req/s | errors | error rate | time to recover | p99 latency | slowest request | slowest failed | lost increments | sessions lost |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var phase in report.Phases)
        {
            var recovery = phase.Phase.Fault is null ? "–" : phase.Recovery is { } r ? (r == TimeSpan.Zero ? "no disruption" : Seconds(r)) : "not recovered";
            var errors = phase.Errors == 0 ? "0" : $"{phase.Errors} ({phase.ErrorKinds})";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {phase.Phase.Name} | {phase.Requests} | {phase.Throughput:0} | {errors} | {phase.ErrorRate:0.00%} | {recovery} | {Millis(phase.P99)} | {Millis(phase.Slowest)} | {Millis(phase.SlowestFailed)} | {phase.LostIncrements} | {phase.SessionsLost} |");
        }

        text.AppendLine();
        text.AppendLine("Requests count in the phase in which they ended. Time to recover: from the fault to the start of the last disrupted request " +
            $"(failed, or slower than {Seconds(options.Slow)}), when every request started later succeeded, for at least {Seconds(options.Stable)} to the end of the window; " +
            "a request in flight at the fault that failed late shows as the slowest failed request. " +
            "Lost increments: acknowledged increments missing from a later count of the same session. Error kinds: HTTP status, or `connection` / `timeout` when no answer came.");

        var outages = report.Phases.Where(p => p.Outage is not null).ToList();
        if (outages.Count > 0)
        {
            text.AppendLine().AppendLine("### During the Redis outage").AppendLine();
            text.AppendLine("| phase | outage | requests started during it | failed | slowest | slowest failed | hangs | sessions kept |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var phase in outages)
            {
                var outage = phase.Outage!;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {phase.Phase.Name} | {Seconds(outage.Duration)} | {outage.Requests} | {outage.Errors} | {Millis(outage.Slowest)} | {Millis(outage.SlowestFailed)} | {outage.TimedOut} | {outage.SessionsKept}/{outage.Users} |");
            }
        }

        text.AppendLine().AppendLine("### What happened").AppendLine();
        foreach (var phase in report.Phases.Where(p => p.Phase.Events.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {phase.Phase.Name}: {string.Join("; ", phase.Phase.Events)}.");
        }

        var final = report.FinalCounts;
        text.AppendLine().AppendLine("### Final count").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"After the load stopped, each user POSTed once more: {final.Count(f => f.Kept)}/{final.Count} sessions held at least their highest acknowledged count " +
            $"(missing increments: {final.Sum(f => f.Lost)}). Increments applied although their request failed (in doubt, never acknowledged): {report.Phases.Sum(p => p.InDoubtApplied)}.");

        text.AppendLine().AppendLine("### Checks").AppendLine();
        foreach (var check in report.Checks)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {(check.Passed ? "PASS" : "FAIL")}: {check.Name} ({check.Detail}).");
        }

        return text.ToString();
    }

    private static string RedisFault(HarnessOptions options) => options.RedisStop switch
    {
        RedisStopMode.Pause => $"Redis is frozen with SIGSTOP and resumed with SIGCONT {Seconds(options.RedisOutage)} later.",
        RedisStopMode.Kill => $"Redis is stopped with SIGKILL and started again {Seconds(options.RedisOutage)} after the stop, on the same port and data directory.",
        _ => $"Redis is stopped with SIGTERM and started again {Seconds(options.RedisOutage)} after the stop, on the same port and data directory.",
    };

    private static string Quote(string argument) => argument.Any(char.IsWhiteSpace) ? $"'{argument}'" : argument;
}
