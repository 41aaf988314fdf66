using SessionGrains.Grains.Sessions;
using SessionGrains.Grains.Users;
using SessionGrains.Runtime.Persistence.Redis;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// Reads grain records straight from Redis, bypassing every silo. A record is a string <c>sg:{type}/{key}/{state}</c>:
/// the ETag, then the state in its binary form.
/// </summary>
internal static class StoredRecords
{
    public static RedisKey SessionKey(string grainKey) => $"sg:session/{grainKey}/session";

    public static RedisKey UserKey(string userId) => $"sg:user/{userId}/user";

    /// <summary>The stored session, or null when there is no record.</summary>
    public static async Task<SessionState?> ReadSessionAsync(IDatabase database, string grainKey)
    {
        var record = await database.StringGetAsync(SessionKey(grainKey)).DefaultTimeout();
        return record.IsNull ? null : SessionState.Read(RedisGrainStorage.DataOf((byte[])record!));
    }

    /// <summary>The stored user, or null when there is no record.</summary>
    public static async Task<UserState?> ReadUserAsync(IDatabase database, string userId)
    {
        var record = await database.StringGetAsync(UserKey(userId)).DefaultTimeout();
        return record.IsNull ? null : UserState.Read(RedisGrainStorage.DataOf((byte[])record!));
    }

    /// <summary>The key's expiry in Unix milliseconds (PEXPIRETIME): -1 for none, -2 when the key does not exist.</summary>
    public static async Task<long> ExpireTimeAsync(IDatabase database, RedisKey key) =>
        (long)await database.ScriptEvaluateAsync("return redis.call('PEXPIRETIME', KEYS[1])", [key]).DefaultTimeout();
}
