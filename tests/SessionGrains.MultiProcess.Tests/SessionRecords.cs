using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Orleans.Storage;
using SessionGrains.Grains;
using StackExchange.Redis;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// The session records in Redis, read as the silos' storage reads them: the key
/// <c>{ServiceId}/state/session/{grainKey}/session</c>, a 16-character ETag, then the state in Orleans' binary
/// serialization. The state type is internal to SessionGrains.Grains, so it is reached by name.
/// </summary>
public sealed class SessionRecords : IDisposable
{
    private const int EtagLength = 16;
    private static readonly Type StateType = typeof(GrainsAssembly).Assembly.GetType("SessionGrains.Grains.Sessions.SessionState", throwOnError: true)!;
    private static readonly MethodInfo Deserialize = typeof(IGrainStorageSerializer).GetMethod(nameof(IGrainStorageSerializer.Deserialize))!.MakeGenericMethod(StateType);
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(s => s.AddAssembly(typeof(GrainsAssembly).Assembly)).BuildServiceProvider();
    private readonly IGrainStorageSerializer _serializer;

    public SessionRecords()
    {
        _serializer = new OrleansGrainStorageSerializer(_services.GetRequiredService<Serializer>());
    }

    /// <summary>Every stored session's <c>Data</c> by its public id (the <c>sessionId</c> the API answers).</summary>
    public async Task<Dictionary<string, IReadOnlyDictionary<string, string>>> ReadAllAsync(IConnectionMultiplexer redis, string serviceId)
    {
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var database = redis.GetDatabase();
        var sessions = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pattern: $"{serviceId}/state/session/*/session", pageSize: 1000))
        {
            byte[]? record = await database.StringGetAsync(key);
            if (record is null || record.Length < EtagLength)
            {
                continue;
            }

            var state = Deserialize.Invoke(_serializer, [new BinaryData(record.AsMemory(EtagLength))])!;
            var publicId = (string)StateType.GetProperty("PublicId")!.GetValue(state)!;
            sessions[publicId] = (Dictionary<string, string>?)StateType.GetProperty("Data")!.GetValue(state) ?? [];
        }

        return sessions;
    }

    public void Dispose() => _services.Dispose();
}
