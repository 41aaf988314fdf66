using System.Diagnostics;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// "Log out everywhere" (issue 4's target, rerun for issue 11) for a user with 1,000 sessions on a 3-silo cluster with Redis. The sessions are
/// signed in through the user grain (so it holds all of them), their activations are live and spread over the silos
/// by placement, and the client times <see cref="IUserGrain.RevokeAllAsync"/> from call to return. Each round uses a
/// new user; afterwards every session is checked to load from no silo.
/// </summary>
internal static class RevokeAllBenchmark
{
    public static async Task RunAsync(BenchOptions options)
    {
        const int silos = 3;
        Report.Section($"Log out everywhere: one user with {Report.N(options.Sessions)} sessions, {silos} silos, Redis");
        await using var bench = await BenchCluster.StartAsync(silos);
        var timings = new List<double>();

        // Warm-up round, not counted: JIT of the sign-in, revoke and storage paths.
        await RoundAsync(bench, "warmup-user", 100, report: false);
        for (var round = 1; round <= options.Rounds; round++)
        {
            Report.Load($"round {round}");
            var elapsed = await RoundAsync(bench, $"user-{round}-{Guid.NewGuid():n}", options.Sessions, report: true);
            timings.Add(elapsed);
            Report.Line($"round {round}: RevokeAllAsync of {Report.N(options.Sessions)} sessions took {Report.Ms(elapsed)}");

            // Let the sessions' notifications to their (now empty) user grain drain before the next round.
            await Task.Delay(1000);
        }

        timings.Sort();
        var median = timings[timings.Count / 2];
        Report.Line($"RevokeAllAsync: median {Report.Ms(median)}, min {Report.Ms(timings[0])}, max {Report.Ms(timings[^1])} over {timings.Count} rounds");
        Report.Target($"issue 4 log out everywhere, {Report.N(options.Sessions)} sessions <= 100 ms", median <= 100, $"median {Report.Ms(median)}");
    }

    private static async Task<double> RoundAsync(BenchCluster bench, string userId, int sessions, bool report)
    {
        var client = bench.Client;
        var user = client.GetGrain<IUserGrain>(userId);
        var credentials = new SessionCredentials[sessions];
        var signInStarted = Stopwatch.GetTimestamp();

        // The user grain runs sign-ins one at a time; a few in flight keep it busy.
        await BenchSessions.ForEachAsync(sessions, 16, async i =>
        {
            var (created, request) = BenchSessions.SignIn(i);
            var result = await user.SignInAsync(request);
            if (result.Status != SignInStatus.SignedIn)
            {
                throw new InvalidOperationException($"Sign-in {i} of {userId} was {result.Status}.");
            }

            credentials[i] = created;
        });
        var signInTime = Stopwatch.GetElapsedTime(signInStarted);

        // Use every session once more, as its browser would: all are active and loaded when the revoke starts.
        await BenchSessions.ForEachAsync(sessions, 64, async i =>
        {
            if (await client.GetGrain<ISessionGrain>(credentials[i].GrainKey).LoadAsync(credentials[i].Proof) is null)
            {
                throw new InvalidOperationException($"Session {i} of {userId} did not load before the revoke.");
            }
        });
        var sessionIds = credentials.Select(c => GrainId.Create("session", c.GrainKey)).ToHashSet();
        var active = (await bench.Management.GetDetailedGrainStatistics()).Where(s => sessionIds.Contains(s.GrainId)).ToList();
        var spread = bench.SiloAddresses.Select(a => active.Count(s => s.SiloAddress.Equals(a))).ToArray();
        if (spread.Sum() != sessions)
        {
            throw new InvalidOperationException($"Expected {sessions} active sessions, found {spread.Sum()} ({string.Join(", ", spread)}).");
        }

        var started = Stopwatch.GetTimestamp();
        var revoked = await user.RevokeAllAsync(null);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (revoked != sessions)
        {
            throw new InvalidOperationException($"RevokeAllAsync revoked {revoked} sessions, not {sessions}.");
        }

        var stillLoading = 0;
        await BenchSessions.ForEachAsync(sessions, 64, async i =>
        {
            if (await client.GetGrain<ISessionGrain>(credentials[i].GrainKey).LoadAsync(credentials[i].Proof) is not null)
            {
                Interlocked.Increment(ref stillLoading);
            }
        });
        if (stillLoading > 0)
        {
            throw new InvalidOperationException($"{stillLoading} sessions still loaded after RevokeAllAsync returned.");
        }

        if (report)
        {
            Report.Line($"  {userId}: signed in {Report.N(sessions)} sessions in {Report.Ms(signInTime.TotalMilliseconds)}; active per silo: {string.Join(", ", spread)}; after the revoke none loads");
        }

        return elapsed;
    }
}
