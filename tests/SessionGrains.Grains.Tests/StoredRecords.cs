using Orleans.Storage;
using SessionGrains.Grains.Storage;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// Reads grain records straight from Redis, bypassing every silo. Keys are <c>{ServiceId}/state/{grainId}/{state}</c>.
/// A session is a string: a 16-character ETag, then the state as Orleans serializes it. A user is the hash Orleans'
/// Redis storage writes: <c>etag</c> and <c>data</c>.
/// </summary>
internal sealed class StoredRecords(IDatabase database, string serviceId, IGrainStorageSerializer serializer)
{
    public const int EtagLength = 16;

    public IDatabase Database => database;

    public RedisKey SessionKey(string grainKey) => SessionGrainsStorage.Key(serviceId, "session", GrainId.Create("session", grainKey));

    public RedisKey UserKey(string userId) => SessionGrainsStorage.Key(serviceId, "user", GrainId.Create("user", userId));

    /// <summary>The stored session, or null when there is no record.</summary>
    public async Task<SessionState?> ReadSessionAsync(string grainKey)
    {
        var record = await database.StringGetAsync(SessionKey(grainKey)).DefaultTimeout();
        return record.IsNull ? null : serializer.Deserialize<SessionState>(new BinaryData(((byte[])record!).AsMemory(EtagLength)));
    }

    /// <summary>The stored user, or null when there is no record.</summary>
    public async Task<UserState?> ReadUserAsync(string userId)
    {
        var data = await database.HashGetAsync(UserKey(userId), "data").DefaultTimeout();
        return data.IsNull ? null : serializer.Deserialize<UserState>(new BinaryData((byte[])data!));
    }

    /// <summary>The key's expiry in Unix milliseconds (PEXPIRETIME): -1 for none, -2 when the key does not exist.</summary>
    public Task<long> ExpireTimeAsync(RedisKey key) => ExpireTimeAsync(database, key);

    public static async Task<long> ExpireTimeAsync(IDatabase database, RedisKey key) =>
        (long)await database.ScriptEvaluateAsync("return redis.call('PEXPIRETIME', KEYS[1])", [key]).DefaultTimeout();
}
