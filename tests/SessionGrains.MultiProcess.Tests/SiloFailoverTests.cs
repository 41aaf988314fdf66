using System.Diagnostics;
using System.Net;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// Three real silo processes, one real Redis, a real front end in client mode (a pure Orleans client of the silos)
/// under HTTP load: one silo is killed with SIGKILL, stopped with SIGTERM, or frozen until it is declared dead.
/// </summary>
public sealed class SiloFailoverTests(ITestOutputHelper output)
{
    /// <summary>Issue 11's bound: after a silo crash, every session answers again within 5 s.</summary>
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the load runs from the fault on, at least.</summary>
    private static readonly TimeSpan LoadAfterFault = TimeSpan.FromSeconds(8);

    /// <summary>Sessions of one user, as many as the test wants: the demo's cap of 10 per user is lifted.</summary>
    private static readonly Dictionary<string, string> FrontEndSettings = new() { ["SessionGrains__MaxSessionsPerUser"] = "0" };

    [Fact]
    public async Task Silo_KilledUnderLoad_SessionsAnswerWithinFiveSecondsKeepingEveryAcknowledgedIncrementAndPageViewsSurvive()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 3, frontEnds: 1, frontEndSettings: FrontEndSettings);
        try
        {
            // Arrange: sessions spread over the three silos; a count loop each (a request abandoned after 1 s is in
            // doubt, and the session is tried again) and a page-view loop each (GET /api/profile, LoadAsync, idempotent).
            var frontEnd = cluster.FrontEnds[0];
            var users = await SignInAsync(frontEnd, 24);
            await using var load = new SessionLoad(frontEnd.BaseAddress, users, countTimeout: TimeSpan.FromSeconds(1), pause: TimeSpan.FromMilliseconds(20), pageViews: true);
            load.Start();
            await WaitForAnswersAsync(load, TimeSpan.FromSeconds(30));
            var (victim, victimSessions) = await BusiestSiloAsync(cluster, frontEnd);

            // Act: the load goes on for a while after the kill, so the recovery is seen under load and not only by
            // the first request of each session.
            victim.Kill();
            load.Mark();
            var killed = Stopwatch.StartNew();
            Assert.True(await victim.WaitForExitAsync(TimeSpan.FromSeconds(5)), $"{victim.Name} survived SIGKILL.");
            await Eventually.WaitUntilAsync(() => users.All(u => load.AnsweredAfterMark(u) is not null), "every session answered after the kill", TimeSpan.FromSeconds(60));
            var recovery = users.Max(u => load.AnsweredAfterMark(u)!.Value);
            await Task.Delay(LoadAfterFault - killed.Elapsed is var rest && rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
            await load.StopAsync();

            // Assert
            Assert.True(recovery <= RecoveryBound, $"The last session answered again {recovery.TotalSeconds:F2} s after the kill. Failures:\n{string.Join("\n", load.CountFailures)}");
            Assert.True(load.PageViewFailures.Count == 0, $"{load.PageViewFailures.Count} page views failed:\n{string.Join("\n", load.PageViewFailures)}");
            await cluster.WaitForActiveSilosAsync([.. cluster.Silos.Where(s => s != victim)], TimeSpan.FromSeconds(30));
            await AssertStoredCountsAsync(cluster, users);
            output.WriteLine($"Killed {victim.Name} (pid {victim.ProcessId}), host of {victimSessions} of the {users.Count} sessions under load: every session answered again within {recovery.TotalSeconds:F2} s " +
                $"(median {users.Select(u => load.AnsweredAfterMark(u)!.Value.TotalSeconds).Order().ElementAt(users.Count / 2):F2} s).");
            output.WriteLine($"Increments acknowledged: {load.TotalAcknowledged}; in doubt (failed or abandoned): {load.TotalInDoubt}; counts read back from Redis hold every acknowledged one.");
            output.WriteLine($"Page views: {load.PageViewsServed} served, 0 failed; slowest {load.SlowestPageView.TotalSeconds:F2} s.");
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    [Fact]
    public async Task Silo_TerminatedUnderLoad_ExitsZeroWithinTheShutdownTimeoutAndNoRequestFails()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 3, frontEnds: 1, frontEndSettings: FrontEndSettings);
        try
        {
            // Arrange: nothing is abandoned; any failed request fails the test.
            var frontEnd = cluster.FrontEnds[0];
            var users = await SignInAsync(frontEnd, 16);
            await using var load = new SessionLoad(frontEnd.BaseAddress, users, countTimeout: TimeSpan.FromSeconds(30), pause: TimeSpan.FromMilliseconds(20), pageViews: true);
            load.Start();
            await WaitForAnswersAsync(load, TimeSpan.FromSeconds(30));
            var (leaving, leavingSessions) = await BusiestSiloAsync(cluster, frontEnd);

            // Act
            var stopping = Stopwatch.StartNew();
            leaving.Terminate();
            var exited = await leaving.WaitForExitAsync(ShutdownTimeout + TimeSpan.FromSeconds(10));
            var stopped = stopping.Elapsed;
            load.Mark();
            await Eventually.WaitUntilAsync(() => users.All(u => load.AnsweredAfterMark(u) is not null), "every session answered after the silo left", TimeSpan.FromSeconds(30));
            await Task.Delay(LoadAfterFault - stopping.Elapsed is var rest && rest > TimeSpan.Zero ? rest : TimeSpan.Zero);
            await load.StopAsync();

            // Assert
            Assert.True(exited, $"{leaving.Name} still ran {ShutdownTimeout + TimeSpan.FromSeconds(10)} after SIGTERM.");
            Assert.Equal(0, leaving.ExitCode);
            Assert.True(stopped < ShutdownTimeout, $"{leaving.Name} took {stopped} to stop.");
            Assert.Contains("Silo host stopping gracefully", leaving.Tail, StringComparison.Ordinal);
            Assert.True(load.CountFailures.Count == 0, $"{load.CountFailures.Count} increments failed:\n{string.Join("\n", load.CountFailures)}");
            Assert.True(load.PageViewFailures.Count == 0, $"{load.PageViewFailures.Count} page views failed:\n{string.Join("\n", load.PageViewFailures)}");
            await cluster.WaitForActiveSilosAsync([.. cluster.Silos.Where(s => s != leaving)], TimeSpan.FromSeconds(30));
            await AssertStoredCountsAsync(cluster, users);
            output.WriteLine($"SIGTERM to {leaving.Name} (pid {leaving.ProcessId}), host of {leavingSessions} of the {users.Count} sessions under load: exited 0 after {stopped.TotalSeconds:F2} s.");
            output.WriteLine($"Increments acknowledged: {load.TotalAcknowledged}, failed: 0; page views served: {load.PageViewsServed}, failed: 0; counts in Redis match.");
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    [Fact]
    public async Task Silo_PausedUntilDeclaredDead_ExitsWithAFailureCodeWhenItGoesOn()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 3);
        var paused = cluster.Silos[0];
        try
        {
            // Act: frozen, it answers no probe until the others declare it dead; then it wakes and reads that.
            paused.Pause();
            await Eventually.WaitUntilAsync(async () => (await cluster.ReadViewAsync()).IsDead(paused.Port), $"{paused.Name} was declared dead", TimeSpan.FromSeconds(90));
            paused.Resume();
            var exited = await paused.WaitForExitAsync(TimeSpan.FromSeconds(60));

            // Assert: Orleans stops a silo that finds itself dead with a fatal error (FailFast), a failure exit code,
            // so a restart-on-failure policy starts a fresh silo.
            Assert.True(exited, $"{paused.Name} still ran 60 s after it was resumed, dead.");
            Assert.NotEqual(0, paused.ExitCode);
            Assert.Contains("I have been told I am dead", paused.Tail, StringComparison.Ordinal);
            output.WriteLine($"{paused.Name} (pid {paused.ProcessId}) was declared dead while paused and exited with code {paused.ExitCode}.");
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    /// <summary>Signs <paramref name="count"/> sessions of alice in on <paramref name="frontEnd"/>.</summary>
    internal static async Task<List<SessionUser>> SignInAsync(FrontEndProcess frontEnd, int count)
    {
        var users = new List<SessionUser>();
        for (var i = 0; i < count; i++)
        {
            var (login, cookie) = await frontEnd.LoginAsync("alice", "alice-dev-password");
            users.Add(new SessionUser(login.Expect(HttpStatusCode.OK).String("sessionId")!, cookie));
        }

        return users;
    }

    /// <summary>The silo hosting the most session grains, which must be at least one: the fault must hit sessions.</summary>
    private static async Task<(SiloProcess Silo, int Sessions)> BusiestSiloAsync(MultiProcessCluster cluster, FrontEndProcess frontEnd)
    {
        var sessions = await SiloActivations.SessionsBySiloPortAsync(frontEnd);
        var busiest = cluster.Silos.MaxBy(s => sessions.GetValueOrDefault(s.Port))!;
        Assert.True(sessions.GetValueOrDefault(busiest.Port) > 0, $"No silo reports a session grain: {string.Join(", ", sessions.Select(p => $"{p.Key}: {p.Value}"))}.");
        return (busiest, sessions[busiest.Port]);
    }

    private static async Task WaitForAnswersAsync(SessionLoad load, TimeSpan timeout)
    {
        load.Mark();
        await Eventually.WaitUntilAsync(() => load.Users.All(u => load.AnsweredAfterMark(u) is not null), "every session answered", timeout);
    }

    /// <summary>
    /// Each session's count as Redis holds it: at least its highest acknowledged count (nothing acknowledged was lost)
    /// and at most its acknowledged increments plus those in doubt (nothing applied that was never asked for).
    /// </summary>
    private static async Task AssertStoredCountsAsync(MultiProcessCluster cluster, IReadOnlyList<SessionUser> users)
    {
        using var redis = await cluster.Redis.ConnectAsync();
        using var records = new SessionRecords();
        var stored = await records.ReadAllAsync(redis, MultiProcessCluster.ServiceId);
        Assert.All(users, user =>
        {
            Assert.True(stored.TryGetValue(user.SessionId, out var data), $"Session {user.SessionId} is not in Redis.");
            var views = data.TryGetValue("views", out var text) ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
            Assert.True(views >= user.HighestAcknowledged, $"Session {user.SessionId}: Redis holds {views}, {user.HighestAcknowledged} was acknowledged.");
            Assert.InRange(views, user.Acknowledged, user.Acknowledged + user.InDoubt);
        });
    }
}
