using System.Text.Json;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// Reads grain records straight from Redis, bypassing every silo. A record is a hash <c>sg:{type}/{key}/{state}</c>
/// with the ETag in <c>e</c> and the state's JSON in <c>d</c>.
/// </summary>
internal static class StoredRecords
{
    public static RedisKey SessionKey(string grainKey) => $"sg:session/{grainKey}/session";

    public static RedisKey UserKey(string userId) => $"sg:user/{userId}/user";

    /// <summary>The stored state's JSON, or null when there is no record.</summary>
    public static async Task<JsonElement?> ReadAsync(IDatabase database, RedisKey key)
    {
        var data = await database.HashGetAsync(key, "d").DefaultTimeout();
        if (data.IsNull)
        {
            return null;
        }

        using var json = JsonDocument.Parse((byte[])data!);
        return json.RootElement.Clone();
    }

    /// <summary>The key's expiry in Unix milliseconds (PEXPIRETIME): -1 for none, -2 when the key does not exist.</summary>
    public static async Task<long> ExpireTimeAsync(IDatabase database, RedisKey key) =>
        (long)await database.ScriptEvaluateAsync("return redis.call('PEXPIRETIME', KEYS[1])", [key]).DefaultTimeout();
}
