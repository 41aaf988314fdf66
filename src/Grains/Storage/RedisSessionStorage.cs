using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using StackExchange.Redis;

namespace SessionGrains.Grains.Storage;

/// <summary>
/// Orleans grain storage for session grains: one Redis string per state, a 16-character ETag followed by the state
/// serialized with Orleans' own serializer. Each write is one script that checks the ETag, stores the record and sets
/// its expiry to the state's <see cref="IExpiringState.ExpiresAt"/>: one command per write, where Orleans' Redis
/// provider has only one expiry for all keys (<c>EntryExpiry</c>, meant for tests) and a hash per record.
/// </summary>
internal sealed partial class RedisSessionStorage(
    string name,
    IConnectionMultiplexer redis,
    IGrainStorageSerializer serializer,
    IOptions<ClusterOptions> cluster,
    TimeProvider timeProvider,
    ILogger<RedisSessionStorage> logger) : IGrainStorage
{
    private const int EtagLength = 16;

    // Both scripts answer nil when they did it, or the stored ETag ("" for no record) when it was not the caller's.
    private const string WriteScript = """
        local stored = redis.call('GETRANGE', KEYS[1], 0, 15)
        if stored ~= ARGV[1] then return stored end
        if ARGV[3] == '' then redis.call('SET', KEYS[1], ARGV[2]) else redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3]) end
        return false
        """;

    private const string ClearScript = """
        local stored = redis.call('GETRANGE', KEYS[1], 0, 15)
        if stored ~= ARGV[1] then return stored end
        redis.call('DEL', KEYS[1])
        return false
        """;

    private readonly string _serviceId = cluster.Value.ServiceId;

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = SessionGrainsStorage.Key(_serviceId, stateName, grainId);
        byte[]? record;
        try
        {
            record = await redis.GetDatabase().StringGetAsync(key);
        }
        catch (RedisException exception)
        {
            throw Failed("read", stateName, grainId, exception);
        }

        if (record is null)
        {
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.State = Activator.CreateInstance<T>();
            return;
        }

        if (record.Length < EtagLength)
        {
            throw new SessionStorageException($"The stored {stateName} of {grainId} is damaged: {record.Length} bytes.");
        }

        try
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(record.AsMemory(EtagLength)));
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Orleans' serializer reports a damaged payload as whatever it tripped on (an IndexOutOfRangeException, say).
            throw new SessionStorageException($"The stored {stateName} of {grainId} is damaged: {exception.Message}", exception);
        }

        grainState.ETag = Encoding.ASCII.GetString(record, 0, EtagLength);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = NewEtag();
        var payload = serializer.Serialize(grainState.State).ToMemory();
        var record = new byte[EtagLength + payload.Length];
        Encoding.ASCII.GetBytes(etag, record);
        payload.Span.CopyTo(record.AsSpan(EtagLength));
        var expiresAt = grainState.State is IExpiringState { ExpiresAt: { } at }
            ? at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)
            : "";
        await RunAsync(WriteScript, "write", stateName, grainId, grainState, [grainState.ETag ?? "", record, expiresAt]);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await RunAsync(ClearScript, "clear", stateName, grainId, grainState, [grainState.ETag ?? ""]);
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
    }

    private async Task RunAsync<T>(string script, string operation, string stateName, GrainId grainId, IGrainState<T> grainState, RedisValue[] values)
    {
        var key = SessionGrainsStorage.Key(_serviceId, stateName, grainId);
        RedisResult result;
        try
        {
            result = await redis.GetDatabase().ScriptEvaluateAsync(script, [key], values);
        }
        catch (RedisException exception)
        {
            throw Failed(operation, stateName, grainId, exception);
        }

        if (!result.IsNull)
        {
            var stored = (string?)result;
            Log.Conflict(logger, name, operation, stateName, grainId);
            throw new InconsistentStateException(
                $"Version conflict on the {operation} of {stateName} of {grainId} in storage '{name}'.",
                string.IsNullOrEmpty(stored) ? null : stored,
                grainState.ETag,
                null);
        }
    }

    private SessionStorageException Failed(string operation, string stateName, GrainId grainId, RedisException exception)
    {
        Log.Failed(logger, exception, name, operation, stateName, grainId);
        // No inner exception: a grain call's exception travels to the caller, and Orleans has no codec for
        // StackExchange.Redis's exceptions, so the caller would get a CodecNotFoundException (an HTTP 500) instead.
        // The silo's log above keeps the original.
        return new SessionStorageException($"Redis failed the {operation} of {stateName} of {grainId}: {exception.GetType().Name}: {exception.Message}");
    }

    private string NewEtag() =>
        (timeProvider.GetTimestamp() ^ Random.Shared.NextInt64()).ToString("x16", CultureInfo.InvariantCulture);

    private static partial class Log
    {
        [LoggerMessage(4001, LogLevel.Warning, "Storage {Storage}: {Operation} of {StateName} of {GrainId} failed.", EventName = "SessionStorageFailed")]
        public static partial void Failed(ILogger logger, Exception exception, string storage, string operation, string stateName, GrainId grainId);

        [LoggerMessage(4002, LogLevel.Information, "Storage {Storage}: {Operation} of {StateName} of {GrainId} conflicted; the activation reads again.", EventName = "SessionStorageConflict")]
        public static partial void Conflict(ILogger logger, string storage, string operation, string stateName, GrainId grainId);
    }
}
