using System.Globalization;
using SessionGrains.Runtime.Redis;
using SessionGrains.Runtime.Serialization;
using StackExchange.Redis;

namespace SessionGrains.Runtime.Persistence.Redis;

/// <summary>
/// Grain storage in Redis: one hash per grain state, <c>{prefix}{type}/{key}/{state}</c>, with fields <c>e</c> (the
/// ETag) and <c>d</c> (the state as JSON). Writes and clears compare the ETag and change the record in one Lua script;
/// a write's <see cref="IGrainState{T}.ExpiresAt"/> becomes the key's expiry (PEXPIREAT). Needs Redis 7.0 or later.
/// </summary>
internal sealed class RedisGrainStorage(RedisGrainStorageOptions options, RedisConnection connection) : IGrainStorage
{
    private static readonly LuaScript ReadScript = LuaScript.Prepare("""
        local fields = redis.call('HMGET', @key, 'e', 'd')
        return {fields[1], fields[2], redis.call('PEXPIRETIME', @key)}
        """);

    private static readonly LuaScript WriteScript = LuaScript.Prepare("""
        local stored = redis.call('HGET', @key, 'e') or ''
        if stored ~= @etag then return {0, stored} end
        redis.call('HSET', @key, 'e', @newEtag, 'd', @data)
        local expiresAt = tonumber(@expiresAt)
        if expiresAt >= 0 then redis.call('PEXPIREAT', @key, expiresAt) else redis.call('PERSIST', @key) end
        if redis.call('EXISTS', @key) == 0 then return {1, ''} end
        return {1, @newEtag}
        """);

    private static readonly LuaScript ClearScript = LuaScript.Prepare("""
        local stored = redis.call('HGET', @key, 'e') or ''
        if stored ~= @etag then return {0, stored} end
        redis.call('DEL', @key)
        return {1, ''}
        """);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = GetKey(stateName, grainId);
        var result = (RedisResult[])(await ExecuteAsync(ReadScript, new { key }, "read", stateName, grainId, cancellationToken))!;
        var etag = (string?)result[0];
        if (etag is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.ExpiresAt = null;
            return;
        }

        var expiresAt = (long)result[2];
        grainState.State = GrainSerializer.Deserialize<T>((byte[])result[1]!)!;
        grainState.ETag = etag;
        grainState.RecordExists = true;
        grainState.ExpiresAt = expiresAt >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(expiresAt) : null;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var newEtag = Random.Shared.NextInt64().ToString("x16", CultureInfo.InvariantCulture);
        var parameters = new
        {
            key = GetKey(stateName, grainId),
            etag = (RedisValue)(grainState.ETag ?? ""),
            newEtag = (RedisValue)newEtag,
            data = (RedisValue)GrainSerializer.Serialize(grainState.State),
            expiresAt = (RedisValue)(grainState.ExpiresAt?.ToUnixTimeMilliseconds() ?? -1),
        };
        // An expiry already past makes PEXPIREAT delete the key: then no record exists and the writer holds no ETag.
        var stored = await CompareAndSetAsync(WriteScript, parameters, "write", stateName, grainId, grainState.ETag, cancellationToken);
        grainState.ETag = stored;
        grainState.RecordExists = stored is not null;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var parameters = new { key = GetKey(stateName, grainId), etag = (RedisValue)(grainState.ETag ?? "") };
        await CompareAndSetAsync(ClearScript, parameters, "clear", stateName, grainId, grainState.ETag, cancellationToken);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.ExpiresAt = null;
    }

    internal RedisKey GetKey(string stateName, GrainId grainId) => $"{options.KeyPrefix}{grainId.Type}/{grainId.Key}/{stateName}";

    /// <summary>Runs a compare-and-set script; returns the record's ETag afterwards, <see langword="null"/> when none exists.</summary>
    private async Task<string?> CompareAndSetAsync(LuaScript script, object parameters, string operation, string stateName, GrainId grainId, string? expectedEtag, CancellationToken cancellationToken)
    {
        var result = (RedisResult[])(await ExecuteAsync(script, parameters, operation, stateName, grainId, cancellationToken))!;
        if ((int)result[0] != 1)
        {
            var stored = (string?)result[1];
            stored = string.IsNullOrEmpty(stored) ? null : stored;
            throw new InconsistentStateException(
                $"Could not {operation} state '{stateName}' of {grainId}: stored ETag '{stored}' does not match '{expectedEtag}'.", stored, expectedEtag);
        }

        var etag = (string?)result[1];
        return string.IsNullOrEmpty(etag) ? null : etag;
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
