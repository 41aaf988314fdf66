using System.Text;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests;

/// <summary>Every key of a Redis (found with SCAN) and every value under it, as raw bytes.</summary>
internal sealed class RedisDump
{
    private RedisDump(IReadOnlyDictionary<string, IReadOnlyList<byte[]>> entries) => Entries = entries;

    /// <summary>Each key with its values: a string's value; a hash's fields and values; a list's, set's or sorted set's members.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<byte[]>> Entries { get; }

    public static async Task<RedisDump> ReadAsync(ConnectionMultiplexer connection)
    {
        var database = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints().Single());
        var entries = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal);
        foreach (var key in server.Keys(pattern: "*", pageSize: 500))
        {
            var values = await database.KeyTypeAsync(key).DefaultTimeout() switch
            {
                RedisType.None => [],
                RedisType.String => [(byte[])(await database.StringGetAsync(key).DefaultTimeout())!],
                RedisType.Hash => (await database.HashGetAllAsync(key).DefaultTimeout()).SelectMany(e => new[] { (byte[])e.Name!, (byte[])e.Value! }).ToList(),
                RedisType.List => [.. (await database.ListRangeAsync(key).DefaultTimeout()).Select(v => (byte[])v!)],
                RedisType.Set => [.. (await database.SetMembersAsync(key).DefaultTimeout()).Select(v => (byte[])v!)],
                RedisType.SortedSet => [.. (await database.SortedSetRangeByRankAsync(key).DefaultTimeout()).Select(v => (byte[])v!)],
                var other => throw new InvalidOperationException($"Key '{key}' is a {other}; teach {nameof(RedisDump)} to read it."),
            };
            entries[(string)key!] = values;
        }

        return new RedisDump(entries);
    }

    /// <summary>Keys whose name or any value contains <paramref name="needle"/>, as bytes.</summary>
    public IEnumerable<string> KeysHolding(byte[] needle) =>
        Entries.Where(e => Encoding.UTF8.GetBytes(e.Key).AsSpan().IndexOf(needle) >= 0 || e.Value.Any(v => v.AsSpan().IndexOf(needle) >= 0)).Select(e => e.Key);
}
