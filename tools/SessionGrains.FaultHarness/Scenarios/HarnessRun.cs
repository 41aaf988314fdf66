using System.Diagnostics;
using System.Globalization;
using SessionGrains.Farm;
using SessionGrains.FaultHarness.Load;
using SessionGrains.FaultHarness.Reporting;
using static SessionGrains.FaultHarness.Reporting.HarnessReport;

namespace SessionGrains.FaultHarness.Scenarios;

/// <summary>
/// One run: starts the farm, puts the load on it, injects each fault in turn (each followed by a restore and a settle
/// period, so that every fault hits a whole farm), stops the load, checks every user's final count, and analyzes.
/// </summary>
internal sealed class HarnessRun(HarnessOptions options, Action<string> log)
{
    private static readonly TimeSpan ViewPoll = TimeSpan.FromMilliseconds(50);
    private readonly long _origin = Stopwatch.GetTimestamp();

    public async Task<HarnessReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var machine = await MachineInfo.ReadAsync();
        var directory = options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), $"sessiongrains-farm-{startedAt:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        Log($"Starting the farm in {directory}: Redis (AOF), {options.Silos} silos, {options.Frontends} front ends, nginx.");
        await using var farm = await Farm.Farm.StartAsync(
            new FarmOptions { Directory = directory, Silos = options.Silos, Frontends = options.Frontends, Settings = options.Settings },
            cancellationToken);
        try
        {
            return await RunAsync(farm, machine, startedAt, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new InvalidOperationException($"The run failed: {exception.Message}\n{farm.Describe()}", exception);
        }
    }

    private async Task<HarnessReport> RunAsync(Farm.Farm farm, MachineInfo machine, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        Log($"Farm up at {farm.BaseAddress}; view {await farm.ReadViewAsync()}. Load: {options.Users} users.");
        await using var load = new LoadGenerator(farm.BaseAddress, options.Users, options.RequestTimeout, options.Think);
        var phases = new List<Phase>();
        var warmup = new Phase("warm-up", null) { Start = Stopwatch.GetTimestamp() };
        load.Start();
        await WaitForSessionsAsync(load, cancellationToken);
        await Task.Delay(options.Warmup, cancellationToken);
        warmup.End = Stopwatch.GetTimestamp();
        phases.Add(warmup);

        foreach (var fault in options.Scenarios)
        {
            var (window, restore) = fault switch
            {
                FaultKind.SiloKill => await KillSiloAsync(farm, cancellationToken),
                FaultKind.FrontendStop => await StopFrontendAsync(farm, cancellationToken),
                FaultKind.SiloStop => await StopSiloAsync(farm, cancellationToken),
                _ => await RestartRedisAsync(farm, cancellationToken),
            };
            phases.Add(window);
            phases.Add(restore);
        }

        Log("Stopping the load.");
        await load.StopAsync();
        var finalCounts = await ReadFinalCountsAsync(load, cancellationToken);
        var requests = AnnotatedRequest.Annotate(load.Users.Select(u => (u.Id, u.Records)));
        var results = PhaseAnalyzer.Analyze(phases, requests, options.Users, options.Stable, options.Slow);
        return new HarnessReport(options, machine, startedAt, results, finalCounts);
    }

    private async Task<(Phase Window, Phase Restore)> KillSiloAsync(Farm.Farm farm, CancellationToken cancellationToken)
    {
        var victim = farm.Silos.First(s => !s.HasExited);
        var others = farm.Silos.Where(s => s != victim && !s.HasExited).ToList();
        var window = new Phase($"(a) kill -9 {victim.Name}", FaultKind.SiloKill);
        window.Start = window.FaultStart = window.FaultEnd = Stopwatch.GetTimestamp();
        farm.KillSilo(victim);
        Log($"(a) Killed {victim.Name} (pid {victim.ProcessId}) with SIGKILL.");
        window.Events.Add($"{victim.Name} (pid {victim.ProcessId}) killed with SIGKILL");
        var declaredDead = WatchViewAsync(farm, v => v.IsDead(victim.Port), options.Duration, cancellationToken);
        await DelayUntilAsync(window.FaultStart, options.Duration, cancellationToken);
        window.End = Stopwatch.GetTimestamp();
        window.Events.Add(await declaredDead is { } dead ? $"declared dead in the view {Seconds(window.SinceFault(dead))} after the kill" : "not declared dead within the window");
        NoteExited(window, others, "after the kill");

        return (window, await RestoreSiloAsync(farm, "(a)", cancellationToken));
    }

    private async Task<(Phase Window, Phase Restore)> StopSiloAsync(Farm.Farm farm, CancellationToken cancellationToken)
    {
        var leaving = farm.Silos.First(s => !s.HasExited);
        var others = farm.Silos.Where(s => s != leaving && !s.HasExited).ToList();
        var window = new Phase($"(d) SIGTERM {leaving.Name}", FaultKind.SiloStop);
        window.Start = window.FaultStart = window.FaultEnd = Stopwatch.GetTimestamp();
        leaving.Terminate();
        Log($"(d) Sent SIGTERM to {leaving.Name} (pid {leaving.ProcessId}).");
        var exited = leaving.WaitForExitAsync(options.Duration + TimeSpan.FromSeconds(30));
        var exitedAt = exited.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
        var left = WatchViewAsync(farm, v => v.IsDead(leaving.Port), options.Duration, cancellationToken);
        await DelayUntilAsync(window.FaultStart, options.Duration, cancellationToken);
        window.End = Stopwatch.GetTimestamp();
        window.Events.Add(await left is { } dead ? $"Dead (left) in membership {Seconds(window.SinceFault(dead))} after SIGTERM" : "not Dead in membership within the window");
        if (exited.IsCompleted && await exited)
        {
            window.Events.Add($"{leaving.Name} exited with code {leaving.ExitCode.ToString(CultureInfo.InvariantCulture)} after {Seconds(window.SinceFault(await exitedAt))}");
            if (leaving.ExitCode != 0)
            {
                window.Problems.Add($"{leaving.Name} exited with code {leaving.ExitCode.ToString(CultureInfo.InvariantCulture)} after SIGTERM, not 0");
            }
        }
        else
        {
            window.Problems.Add($"{leaving.Name} had not exited by the window's end");
        }

        NoteExited(window, others, "while a silo left");
        return (window, await RestoreSiloAsync(farm, "(d)", cancellationToken));
    }

    private async Task<Phase> RestoreSiloAsync(Farm.Farm farm, string label, CancellationToken cancellationToken)
    {
        var restore = new Phase($"{label} restore: a new silo joins", null) { Start = Stopwatch.GetTimestamp() };
        var silo = await farm.StartSiloAsync(cancellationToken);
        restore.Events.Add($"{silo.Name} started and Active in membership after {Seconds(Stopwatch.GetElapsedTime(restore.Start))}");
        Log($"{label} {silo.Name} joined; settling.");
        await Task.Delay(options.Settle, cancellationToken);
        restore.End = Stopwatch.GetTimestamp();
        return restore;
    }

    private async Task<(Phase Window, Phase Restore)> StopFrontendAsync(Farm.Farm farm, CancellationToken cancellationToken)
    {
        var index = 0;
        var window = new Phase($"(b) SIGTERM frontend{index + 1}", FaultKind.FrontendStop);
        window.Start = window.FaultStart = window.FaultEnd = Stopwatch.GetTimestamp();
        var frontend = await farm.StopFrontendAsync(index, cancellationToken);
        window.Events.Add($"{frontend.Name} drained from nginx (marked down, nginx reloaded, old workers done) in {Seconds(window.SinceFault(Stopwatch.GetTimestamp()))}, then SIGTERM");
        Log($"(b) Drained {frontend.Name} from nginx and sent it SIGTERM (pid {frontend.ProcessId}).");
        var exited = frontend.WaitForExitAsync(options.Duration + TimeSpan.FromSeconds(30));
        var exitedAt = exited.ContinueWith(_ => Stopwatch.GetTimestamp(), TaskScheduler.Default);
        await DelayUntilAsync(window.FaultStart, options.Duration, cancellationToken);
        window.End = Stopwatch.GetTimestamp();
        if (exited.IsCompleted && await exited)
        {
            window.Events.Add($"{frontend.Name} (pid {frontend.ProcessId}) got SIGTERM and exited with code {frontend.ExitCode.ToString(CultureInfo.InvariantCulture)} after {Seconds(window.SinceFault(await exitedAt))}");
        }
        else
        {
            window.Events.Add($"{frontend.Name} (pid {frontend.ProcessId}) got SIGTERM and had not exited by the window's end");
        }

        NoteExited(window, farm.Silos.Where(s => !s.HasExited).Concat(farm.Frontends.OfType<ChildProcess>()).ToList(), "while the front end stopped");

        var restore = new Phase($"(b) restore: frontend{index + 1} starts again", null) { Start = Stopwatch.GetTimestamp() };
        if (!await exited)
        {
            window.Problems.Add($"{frontend.Name} did not exit within {Seconds(options.Duration + TimeSpan.FromSeconds(30))} of SIGTERM");
            await frontend.DisposeAsync();
        }

        await farm.StartFrontendAsync(index, cancellationToken);
        restore.Events.Add($"{frontend.Name} started on the same port, ready and back in nginx after {Seconds(Stopwatch.GetElapsedTime(restore.Start))}");
        Log($"(b) {frontend.Name} is back; settling.");
        await Task.Delay(options.Settle, cancellationToken);
        restore.End = Stopwatch.GetTimestamp();
        return (window, restore);
    }

    private async Task<(Phase Window, Phase Restore)> RestartRedisAsync(Farm.Farm farm, CancellationToken cancellationToken)
    {
        var silos = farm.Silos.Where(s => !s.HasExited).ToList();
        var frontends = farm.Frontends.OfType<ChildProcess>().ToList();
        var paused = options.RedisStop == RedisStopMode.Pause;
        var signal = options.RedisStop switch { RedisStopMode.Kill => "SIGKILL", RedisStopMode.Pause => "SIGSTOP", _ => "SIGTERM" };
        var window = new Phase(paused ? "(c) pause Redis" : "(c) restart Redis", FaultKind.RedisRestart);
        window.Start = window.FaultStart = Stopwatch.GetTimestamp();
        await farm.StopRedisAsync(options.RedisStop, cancellationToken);
        var stopped = Stopwatch.GetTimestamp();
        Log($"(c) Sent {signal} to Redis.");
        await DelayUntilAsync(window.FaultStart, options.RedisOutage, cancellationToken);
        var starting = Stopwatch.GetTimestamp();
        await farm.StartRedisAsync();
        window.FaultEnd = Stopwatch.GetTimestamp();
        Log($"(c) Redis is back after {Seconds(window.SinceFault(window.FaultEnd))}.");
        window.Events.Add(paused
            ? $"redis-server got SIGSTOP (connections open, no answers) and SIGCONT {Seconds(window.SinceFault(starting))} later; it answered again {Seconds(window.SinceFault(window.FaultEnd))} after the stop"
            : $"redis-server got {signal} and was gone after {Millis(window.SinceFault(stopped))}; started again on the same port and directory, " +
              $"it answered PING (append-only file loaded) {Millis(Stopwatch.GetElapsedTime(starting, window.FaultEnd))} later, {Seconds(window.SinceFault(window.FaultEnd))} after the stop");
        await DelayUntilAsync(window.FaultStart, options.Duration, cancellationToken);
        window.End = Stopwatch.GetTimestamp();
        NoteExited(window, [.. silos, .. frontends], "during or after the Redis restart");

        var restore = new Phase("(c) after the restart", null) { Start = Stopwatch.GetTimestamp() };
        await farm.WaitForSilosAsync(cancellationToken);
        restore.Events.Add($"view {await farm.ReadViewAsync()}");
        await Task.Delay(options.Settle, cancellationToken);
        restore.End = Stopwatch.GetTimestamp();
        return (window, restore);
    }

    private static void NoteExited(Phase phase, IReadOnlyCollection<ChildProcess> processes, string when)
    {
        foreach (var process in processes.Where(p => p.HasExited))
        {
            phase.Problems.Add($"{process.Name} exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)} {when}");
            phase.Events.Add($"{process.Name} exited with code {process.ExitCode.ToString(CultureInfo.InvariantCulture)} {when}");
        }
    }

    private async Task WaitForSessionsAsync(LoadGenerator load, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (load.Users.Any(u => u.Acknowledged == 0))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{load.Users.Count(u => u.Acknowledged == 0)} of {load.Users.Count} users had no acknowledged request after 30 s of load.");
            }

            await Task.Delay(50, cancellationToken);
        }

        Log($"Every user has a session ({Seconds(deadline.Elapsed)}).");
    }

    /// <summary>One more POST per user, after the load: its count less one is what the session held.</summary>
    private async Task<List<UserFinalCount>> ReadFinalCountsAsync(LoadGenerator load, CancellationToken cancellationToken)
    {
        var counts = await Task.WhenAll(load.Users.Select(async user =>
        {
            var highest = user.Records.Where(r => r.Succeeded).Select(r => r.Count).DefaultIfEmpty(0).Max();
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var record = await user.SendAsync();
                if (record.Succeeded)
                {
                    var lost = record.Session is SessionChange.Replaced or SessionChange.Deleted;
                    return new UserFinalCount(user.Id, highest, record.Count - 1, lost);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }

            return new UserFinalCount(user.Id, highest, null, false);
        }));
        Log($"Final counts read: {counts.Count(c => c.Kept)}/{counts.Length} kept every acknowledged increment.");
        return [.. counts];
    }

    private async Task<long?> WatchViewAsync(Farm.Farm farm, Func<ClusterView, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            try
            {
                if (condition(await farm.ReadViewAsync()))
                {
                    return Stopwatch.GetTimestamp();
                }
            }
            catch (StackExchange.Redis.RedisException)
            {
                // Redis is away; ask again.
            }

            await Task.Delay(ViewPoll, cancellationToken);
        }

        return null;
    }

    private static Task DelayUntilAsync(long from, TimeSpan after, CancellationToken cancellationToken)
    {
        var remaining = after - Stopwatch.GetElapsedTime(from);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, cancellationToken) : Task.CompletedTask;
    }

    private void Log(string message) => log(string.Create(CultureInfo.InvariantCulture, $"[{Stopwatch.GetElapsedTime(_origin).TotalSeconds,7:F1}s] {message}"));
}
