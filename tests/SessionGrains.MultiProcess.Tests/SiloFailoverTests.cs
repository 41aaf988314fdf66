using System.Diagnostics;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>Two real silo processes, one real Redis, a client in the test process: one silo is killed or stopped under load.</summary>
public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Silo_KilledUnderLoad_ItsGrainsAnswerOnTheOtherSiloWithTheirAcknowledgedCounts()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 2);
        try
        {
            // Arrange
            var keys = Enumerable.Range(0, 64).Select(i => $"kill-{i}").ToList();
            var victim = cluster.Silos[0];
            var survivor = cluster.Silos[1];
            var victimKeys = keys.Where(k => cluster.GetOwner(k) == victim).ToList();
            Assert.NotEmpty(victimKeys);
            Assert.NotEqual(keys.Count, victimKeys.Count);
            await using var load = new CounterLoad(cluster.Client, keys, pause: TimeSpan.FromMilliseconds(5));
            load.Start();
            await WaitForAnswersAsync(load, keys, TimeSpan.FromSeconds(10));

            // Act
            victim.Kill();
            Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(5)), $"{victim.Name} survived SIGKILL.");
            load.Mark();
            await Eventually.WaitUntilAsync(() => keys.All(k => load.AnsweredAfterMark(k) is not null), "every grain answered after the kill", RecoveryBound);
            await load.StopAsync();

            // Assert
            Assert.Empty(load.UnexpectedFailures);
            Assert.InRange(load.TotalInDoubt, 0, victimKeys.Count);
            await cluster.WaitForActiveSilosAsync([survivor], TimeSpan.FromSeconds(10));
            foreach (var key in keys)
            {
                var count = await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync().DefaultTimeout();
                var acknowledged = load.Acknowledged(key);
                Assert.InRange(count, acknowledged, acknowledged + load.InDoubt(key));
            }

            var victimRecovery = victimKeys.Max(k => load.AnsweredAfterMark(k)!.Value);
            var survivorDelay = keys.Except(victimKeys).Max(k => load.AnsweredAfterMark(k)!.Value);
            output.WriteLine($"Killed {victim.Name} (pid {victim.ProcessId}), which owned {victimKeys.Count} of {keys.Count} grains.");
            output.WriteLine($"Recovery: every grain of the killed silo answered again on {survivor.Name} within {victimRecovery.TotalSeconds:F2} s; the survivor's own grains within {survivorDelay.TotalMilliseconds:F0} ms.");
            output.WriteLine($"Increments acknowledged: {load.TotalAcknowledged}; in doubt (in flight at the kill): {load.TotalInDoubt}; counts in Redis match.");
        }
        catch
        {
            cluster.WriteProcessOutput(output);
            throw;
        }
    }

    [Fact]
    public async Task Silo_TerminatedUnderLightLoad_ExitsZeroWithinTheShutdownTimeoutAndNoCallFails()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 2);
        try
        {
            // Arrange
            var keys = Enumerable.Range(0, 32).Select(i => $"term-{i}").ToList();
            var leaving = cluster.Silos[0];
            var staying = cluster.Silos[1];
            var leavingKeys = keys.Where(k => cluster.GetOwner(k) == leaving).ToList();
            Assert.NotEmpty(leavingKeys);
            Assert.NotEqual(keys.Count, leavingKeys.Count);
            await using var load = new CounterLoad(cluster.Client, keys, pause: TimeSpan.FromMilliseconds(20));
            load.Start();
            await WaitForAnswersAsync(load, keys, TimeSpan.FromSeconds(10));

            // Act
            var stopping = Stopwatch.StartNew();
            leaving.Terminate();
            var exited = await leaving.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(5));
            var stopped = stopping.Elapsed;
            load.Mark();
            await Eventually.WaitUntilAsync(() => keys.All(k => load.AnsweredAfterMark(k) is not null), "every grain answered after the silo left", RecoveryBound);
            await load.StopAsync();

            // Assert
            Assert.True(exited, $"{leaving.Name} still ran {ShutdownTimeout + TimeSpan.FromSeconds(5)} after SIGTERM.");
            Assert.Equal(0, leaving.ExitCode);
            Assert.True(stopped < ShutdownTimeout, $"{leaving.Name} took {stopped} to stop.");
            Assert.Contains("left the cluster", leaving.Tail, StringComparison.Ordinal);
            Assert.Empty(load.UnexpectedFailures);
            Assert.True(load.TotalInDoubt == 0, "Increments in doubt:\n" + string.Join("\n", load.InDoubtReasons));
            await cluster.WaitForActiveSilosAsync([staying], TimeSpan.FromSeconds(10));
            foreach (var key in keys)
            {
                Assert.Equal(load.Acknowledged(key), await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync().DefaultTimeout());
            }

            output.WriteLine($"SIGTERM to {leaving.Name} (pid {leaving.ProcessId}), which owned {leavingKeys.Count} of {keys.Count} grains: exited 0 after {stopped.TotalSeconds:F2} s.");
            output.WriteLine($"Increments acknowledged: {load.TotalAcknowledged}; failed: 0; counts in Redis match.");
        }
        catch
        {
            cluster.WriteProcessOutput(output);
            throw;
        }
    }

    [Fact]
    public async Task Silo_PausedPastTheDeathTimeout_IsDeclaredDeadAndExitsAsAFailure()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 2);
        var paused = cluster.Silos[0];
        var survivor = cluster.Silos[1];
        try
        {
            // Act: frozen, it misses its heartbeats until the survivor declares it dead; then it wakes and sees that
            paused.Pause();
            await cluster.WaitForActiveSilosAsync([survivor], TimeSpan.FromSeconds(30));
            paused.Resume();
            var exited = await paused.WaitForExitAsync(TimeSpan.FromSeconds(30));

            // Assert: a failure exit code (3), so a restart-on-failure policy starts a fresh silo
            Assert.True(exited, $"{paused.Name} still ran 30 s after it was declared dead.");
            Assert.Equal(3, paused.ExitCode);
            Assert.Contains("was declared dead", paused.Tail, StringComparison.Ordinal);
            output.WriteLine($"{paused.Name} (pid {paused.ProcessId}) was declared dead while paused and exited with code {paused.ExitCode}.");
        }
        catch
        {
            cluster.WriteProcessOutput(output);
            throw;
        }
    }

    private static async Task WaitForAnswersAsync(CounterLoad load, IReadOnlyCollection<string> keys, TimeSpan timeout)
    {
        load.Mark();
        await Eventually.WaitUntilAsync(() => keys.All(k => load.AnsweredAfterMark(k) is not null), "every grain answered", timeout);
        Assert.Empty(load.UnexpectedFailures);
    }
}
