using System.Diagnostics;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Storage;
using SessionGrains.Grains.Users;
using StackExchange.Redis;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// Sessions that expire silently (issue 12): by default 10,000 signed-in sessions of 100 users on 3 silos with Redis, on the real
/// clock, with a short idle timeout. Once signed in, every activation is collected, sessions' and users' alike, so
/// nothing watches the sessions: their records go by their Redis TTLs, and each user grain has only its reminder to
/// wake it. Each session ends silently when its record expires (its idle deadline plus the slack); one slack period
/// after that, the user records in Redis must hold no entry. A user record goes with its last entry, so the benchmark
/// counts the user keys left then, and times how long the last one outlived the last session record.
/// </summary>
internal static class SilentExpiryBenchmark
{
    private const int Silos = 3;

    /// <summary>Long enough to sign everyone in and collect every activation first; the slack is a tenth of it.</summary>
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(60);

    public static async Task RunAsync(BenchOptions options)
    {
        var sessions = options.ExpiringSessions;
        var users = options.Users;
        var slack = Idle / 10;
        Report.Section($"Silent expiry: {Report.N(sessions)} sessions of {users} users, {Silos} silos, Redis, idle timeout {Idle.TotalSeconds:F0} s (slack {slack.TotalSeconds:F0} s)");
        await using var bench = await BenchCluster.StartAsync(Silos);
        Report.Load("start");

        // Sign-ins: each user's run one at a time in its grain; many users at once.
        var userIds = Enumerable.Range(0, users).Select(u => $"silent-{u}-{Guid.NewGuid():n}").ToArray();
        var lastIdleDeadline = 0L;
        var started = Stopwatch.GetTimestamp();
        await BenchSessions.ForEachAsync(sessions, 64, async i =>
        {
            var credentials = SessionSecret.Generate().Derive();
            var session = new CreateSessionRequest(credentials.PublicId, credentials.Proof, Idle, TimeSpan.FromHours(1), new DeviceInfo(BenchSessions.UserAgent, "203.0.113.7"));
            var request = new SignInRequest(credentials.GrainKey, session, null, null, 0, SessionCapPolicy.EvictOldest);
            var result = await bench.Client.GetGrain<IUserGrain>(userIds[i % users]).SignInAsync(request);
            var idleDeadline = result.Session?.IdleExpiresAt.ToUnixTimeMilliseconds() ?? throw new InvalidOperationException($"Sign-in {i} was {result.Status}.");
            InterlockedMax(ref lastIdleDeadline, idleDeadline);
        });
        Report.Line($"signed in {Report.N(sessions)} sessions ({sessions / users} per user) in {Report.Ms(Stopwatch.GetElapsedTime(started).TotalMilliseconds)}");

        // Nothing watches them any more: every activation goes.
        await bench.Management.ForceActivationCollection(TimeSpan.FromMilliseconds(1));
        var left = await bench.Management.GetTotalActivationCount();
        Report.Line($"after collection: {Report.N(left)} activations in the cluster (system ones included)");

        await using var connection = await bench.Redis.ConnectAsync();
        var database = connection.GetDatabase();
        var userKeys = userIds.Select(u => SessionGrainsStorage.Key(BenchCluster.ServiceId, UserGrain.StateName, GrainId.Create("user", u))).ToArray();
        Report.Line($"user records in Redis before the deadlines: {await CountAsync(database, userKeys)} of {users}");

        // The last records go at the last idle deadline plus the slack (their TTL): the sessions have then ended
        // silently. Time how long the user records outlive that, and count what is left one slack period later.
        var recordsGone = DateTimeOffset.FromUnixTimeMilliseconds(lastIdleDeadline) + slack;
        var checkAt = recordsGone + slack;
        await DelayUntilAsync(recordsGone);
        while (await CountAsync(database, userKeys) > 0 && DateTimeOffset.UtcNow < checkAt)
        {
            await Task.Delay(10);
        }

        var lag = DateTimeOffset.UtcNow - recordsGone;
        await DelayUntilAsync(checkAt);
        var stale = await CountAsync(database, userKeys);
        Report.Load("end");
        Report.Line($"the last session record expired at the last idle deadline + {slack.TotalSeconds:F0} s; the last user record went {Report.Ms(lag.TotalMilliseconds)} after that");
        Report.Line($"user records left one slack ({slack.TotalSeconds:F0} s) after the last session record expired: {stale} of {users}");
        Report.Target("issue 12 stale user entries one slack after the deadlines = 0", stale == 0, $"{stale} user records left");
    }

    private static async Task DelayUntilAsync(DateTimeOffset when)
    {
        var wait = when - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static async Task<int> CountAsync(IDatabase database, RedisKey[] keys) => (int)await database.KeyExistsAsync(keys);

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
