using System.Text.Json;
using SessionGrains.Runtime.Persistence.Redis;
using StackExchange.Redis;

namespace SessionGrains.Cluster.Tests;

/// <summary>Reads a counter grain's state straight from Redis, bypassing every silo.</summary>
internal static class StoredCounter
{
    /// <summary>The grain's record, its ETag then its JSON: <c>{prefix}{type}/{key}/{state}</c> with the default prefix, the type <c>counter</c>, the state <c>counter</c>.</summary>
    public static RedisKey Key(string grainKey) => $"sg:counter/{grainKey}/counter";

    /// <summary>The stored count, or null when the grain has no record.</summary>
    public static async Task<long?> ReadAsync(IDatabase database, string grainKey)
    {
        var record = await database.StringGetAsync(Key(grainKey)).DefaultTimeout();
        if (record.IsNull)
        {
            return null;
        }

        using var json = JsonDocument.Parse(((byte[])record!).AsMemory(RedisGrainStorage.EtagLength));
        return json.RootElement.GetProperty(nameof(CounterState.Value)).GetInt64();
    }
}
