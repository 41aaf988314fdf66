using SessionGrains.Runtime.Redis;
using SessionGrains.Runtime.Serialization;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Persistence.Redis;

/// <summary>
/// Grain storage in Redis: one string per grain state, <c>{prefix}{type}/{key}/{state}</c>, holding the ETag (8 random
/// bytes, 16 hex characters to callers) followed by the state (its <see cref="IBinaryState{TSelf}"/> form, or JSON).
/// Writes and clears compare the ETag (bytes 0 to 7) and change the record in one Lua script; a write's
/// <see cref="IGrainState{T}.ExpiresAt"/> becomes the key's expiry (PEXPIREAT). A string, not a hash of ETag and data:
/// Redis keeps a hash with any value over 64 bytes as a hash table, which costs a session about 180 bytes more. Needs
/// Redis 7.0 or later.
/// </summary>
internal sealed class RedisGrainStorage(RedisGrainStorageOptions options, RedisConnection connection) : IGrainStorage
{
    /// <summary>The length in bytes of an ETag, which opens every record.</summary>
    internal const int EtagLength = 8;

    private static readonly LuaScript ReadScript = LuaScript.Prepare("""
        return {redis.call('GET', @key), redis.call('PEXPIRETIME', @key)}
        """);

    private static readonly LuaScript WriteScript = LuaScript.Prepare("""
        local stored = redis.call('GETRANGE', @key, 0, 7)
        if stored ~= @etag then return {0, stored} end
        redis.call('SET', @key, @newEtag .. @data)
        local expiresAt = tonumber(@expiresAt)
        if expiresAt >= 0 then redis.call('PEXPIREAT', @key, expiresAt) end
        if redis.call('EXISTS', @key) == 0 then return {1, ''} end
        return {1, @newEtag}
        """);

    private static readonly LuaScript ClearScript = LuaScript.Prepare("""
        local stored = redis.call('GETRANGE', @key, 0, 7)
        if stored ~= @etag then return {0, stored} end
        redis.call('DEL', @key)
        return {1, ''}
        """);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = GetKey(stateName, grainId);
        var result = (RedisResult[])(await ExecuteAsync(ReadScript, new { key }, "read", stateName, grainId, cancellationToken))!;
        var record = (byte[]?)result[0];
        if (record is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.ExpiresAt = null;
            return;
        }

        var expiresAt = (long)result[1];
        grainState.State = GrainStateSerializer<T>.Deserialize(DataOf(record));
        grainState.ETag = Convert.ToHexStringLower(record, 0, EtagLength);
        grainState.RecordExists = true;
        grainState.ExpiresAt = expiresAt >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(expiresAt) : null;
    }

    /// <summary>The state's bytes in a stored record, after its ETag.</summary>
    internal static ReadOnlySpan<byte> DataOf(byte[] record) =>
        record.Length >= EtagLength ? record.AsSpan(EtagLength) : throw new FormatException($"A grain record is at least {EtagLength} bytes long.");

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var newEtag = new byte[EtagLength];
        Random.Shared.NextBytes(newEtag);
        var parameters = new
        {
            key = GetKey(stateName, grainId),
            etag = StoredEtag(grainState.ETag),
            newEtag = (RedisValue)newEtag,
            data = (RedisValue)GrainStateSerializer<T>.Serialize(grainState.State),
            expiresAt = (RedisValue)(grainState.ExpiresAt?.ToUnixTimeMilliseconds() ?? -1),
        };
        // An expiry already past makes PEXPIREAT delete the key: then no record exists and the writer holds no ETag.
        var stored = await CompareAndSetAsync(WriteScript, parameters, "write", stateName, grainId, grainState.ETag, cancellationToken);
        grainState.ETag = stored;
        grainState.RecordExists = stored is not null;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var parameters = new { key = GetKey(stateName, grainId), etag = StoredEtag(grainState.ETag) };
        await CompareAndSetAsync(ClearScript, parameters, "clear", stateName, grainId, grainState.ETag, cancellationToken);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.ExpiresAt = null;
    }

    internal RedisKey GetKey(string stateName, GrainId grainId) => $"{options.KeyPrefix}{grainId.Type}/{grainId.Key}/{stateName}";

    /// <summary>An ETag as the scripts compare it: its bytes, or nothing for a writer that holds none.</summary>
    private static RedisValue StoredEtag(string? etag) => etag is null ? RedisValue.EmptyString : Convert.FromHexString(etag);

    private static string? EtagOf(byte[]? stored) => stored is null || stored.Length == 0 ? null : Convert.ToHexStringLower(stored);

    /// <summary>Runs a compare-and-set script; returns the record's ETag afterwards, <see langword="null"/> when none exists.</summary>
    private async Task<string?> CompareAndSetAsync(LuaScript script, object parameters, string operation, string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await ExecuteAsync(script, parameters, operation, stateName, grainId, cancellationToken))!;
        if ((int)result[0] != 1)
        {
            var stored = EtagOf((byte[]?)result[1]);
            throw new InconsistentStateException(
                $"Could not {operation} state '{stateName}' of {grainId}: stored ETag '{stored}' does not match '{expectedEtag}'.", stored, expectedEtag);
        }

        return EtagOf((byte[]?)result[1]);
    }

    private async Task<RedisResult> ExecuteAsync(LuaScript script, object parameters, string operation, string stateName, GrainId grainId, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.ExecuteAsync(db => script.EvaluateAsync(db, parameters), $"the {operation} of state '{stateName}' of {grainId}", cancellationToken);
        }
        catch (RedisUnavailableException exception)
        {
            throw new GrainStorageException(exception.Message, exception);
        }
    }
}
