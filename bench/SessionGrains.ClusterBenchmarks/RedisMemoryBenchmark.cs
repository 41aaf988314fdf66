using System.Globalization;
using SessionGrains.Grains.Security;
using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Storage;
using SessionGrains.Grains.Users;
using StackExchange.Redis;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// Redis memory per session (issue 4's target, rerun for issue 11). Signed-in sessions, each with a device and a small data set, spread evenly over
/// users (ten per user by default, the front end's default cap); then <c>MEMORY USAGE</c> of every session key and
/// every user key. A session's cost is its own key plus its share of its user's record. <c>INFO memory</c>'s
/// <c>used_memory</c> before and after is reported too, as a cross-check that includes Redis's own dictionaries.
/// Keys are the storage's: <c>{ServiceId}/state/session/{key}/session</c>, a string of a 16-character ETag and the
/// state; <c>{ServiceId}/state/user/{id}/user</c>, the hash of Orleans' Redis storage (<c>etag</c>, <c>data</c>).
/// </summary>
internal static class RedisMemoryBenchmark
{
    private const int EtagLength = 16;

    private const string SumScript = """
        local keys = redis.call('KEYS', ARGV[1])
        local total, min, max = 0, -1, 0
        for _, key in ipairs(keys) do
          local bytes = redis.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')
          total = total + bytes
          if min < 0 or bytes < min then min = bytes end
          if bytes > max then max = bytes end
        end
        return {#keys, total, min, max}
        """;

    public static async Task RunAsync(BenchOptions options)
    {
        var sessions = options.RedisSessions;
        var users = Math.Min(options.Users, sessions);
        Report.Section($"Redis memory per session: {Report.N(sessions)} signed-in sessions of {Report.N(users)} users, device and small data set");
        await using var bench = await BenchCluster.StartAsync(silos: 3);
        using var redis = await bench.Redis.ConnectAsync();
        var db = redis.GetDatabase();
        var usedBefore = UsedMemory(db);

        var credentials = new SessionCredentials[sessions];
        await BenchSessions.ForEachAsync(users, 16, async u =>
        {
            var user = bench.Client.GetGrain<IUserGrain>($"user-{u:D6}");

            // One sign-in at a time per user, as a user's devices do; users in parallel.
            for (var i = u; i < sessions; i += users)
            {
                var (created, request) = BenchSessions.SignIn(i);
                var result = await user.SignInAsync(request);
                if (result.Status != SignInStatus.SignedIn)
                {
                    throw new InvalidOperationException($"Sign-in {i} was {result.Status}.");
                }

                var changes = new SessionChangeSet(BenchSessions.SmallData(i), []);
                if (await bench.Client.GetGrain<ISessionGrain>(created.GrainKey).ApplyAsync(created.Proof, changes) is null)
                {
                    throw new InvalidOperationException($"Session {i} did not take its data.");
                }

                credentials[i] = created;
            }
        });

        var usedAfter = UsedMemory(db);
        var (sessionKeys, sessionBytes, sessionMin, sessionMax) = Measure(db, "*/state/session/*");
        var (userKeys, userBytes, userMin, userMax) = Measure(db, "*/state/user/*");
        if (sessionKeys != sessions || userKeys != users)
        {
            throw new InvalidOperationException($"Expected {sessions} session keys and {users} user keys; found {sessionKeys} and {userKeys}.");
        }

        var perSessionKey = (double)sessionBytes / sessionKeys;
        var perUserKey = (double)userBytes / userKeys;
        var sessionsPerUser = (double)sessions / users;
        var userShare = perUserKey / sessionsPerUser;
        var perSession = perSessionKey + userShare;
        var sessionKey = SessionGrainsStorage.Key(BenchCluster.ServiceId, SessionGrain.StateName, GrainId.Create("session", credentials[0].GrainKey));
        var userKey = SessionGrainsStorage.Key(BenchCluster.ServiceId, UserGrain.StateName, GrainId.Create("user", "user-000000"));
        Report.Line($"session key (MEMORY USAGE): avg {Report.N(perSessionKey)} B, min {Report.N(sessionMin)}, max {Report.N(sessionMax)} over {Report.N(sessionKeys)} keys; {SampleSession(db, sessionKey)}");
        Report.Line($"user key (MEMORY USAGE): avg {Report.N(perUserKey)} B (min {Report.N(userMin)}, max {Report.N(userMax)}) for {sessionsPerUser:F1} sessions each: {Report.N(userShare)} B per session; {SampleUser(db, userKey)}");
        Report.Line($"per session: {Report.N(perSessionKey)} + {Report.N(userShare)} = {Report.N(perSession)} B");
        Report.Line($"INFO used_memory: {Report.N(usedBefore)} B before, {Report.N(usedAfter)} B after: {Report.N((double)(usedAfter - usedBefore) / sessions)} B per session, Redis dictionaries and expiry entries included");
        Report.Target("issue 4 Redis memory per session <= 400 B", perSession <= 400, $"{Report.N(perSession)} B with {sessionsPerUser:F0} sessions per user");
    }

    private static (long Keys, long Bytes, long Min, long Max) Measure(IDatabase db, string pattern)
    {
        var result = (RedisResult[])db.ScriptEvaluate(SumScript, [], [pattern])!;
        return ((long)result[0], (long)result[1], (long)result[2], (long)result[3]);
    }

    private static long UsedMemory(IDatabase db)
    {
        var info = (string)db.ScriptEvaluate("return redis.call('INFO', 'memory')", [], [])!;
        var line = info.Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal));
        return long.Parse(line["used_memory:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static string SampleSession(IDatabase db, RedisKey key)
    {
        var record = (byte[]?)db.StringGet(key) ?? [];
        var ttl = db.KeyTimeToLive(key);
        return $"one key: name {((string)key!).Length} chars, record {record.Length} B (state {record.Length - EtagLength} B after the ETag), TTL {ttl?.TotalMinutes:F0} min, encoding {Encoding(db, key)}";
    }

    private static string SampleUser(IDatabase db, RedisKey key)
    {
        var data = (byte[]?)db.HashGet(key, "data") ?? [];
        var etag = (string?)db.HashGet(key, "etag") ?? "";
        return $"one key: name {((string)key!).Length} chars, data {data.Length} B, etag {etag.Length} chars, TTL {db.KeyTimeToLive(key)?.TotalMinutes:F0} min, encoding {Encoding(db, key)}";
    }

    private static string? Encoding(IDatabase db, RedisKey key) =>
        (string?)db.ScriptEvaluate("return redis.call('OBJECT', 'ENCODING', KEYS[1])", [key]);
}
