using SessionGrains.Runtime.Redis;
using SessionGrains.Runtime.Redis.Resp;
using SessionGrains.Runtime.Serialization;

namespace SessionGrains.Runtime.Persistence.Redis;

/// <summary>
/// Grain storage in Redis: one string per grain state, <c>{prefix}{type}/{key}/{state}</c>, holding the ETag (8 random
/// bytes, 16 hex characters to callers) followed by the state (its <see cref="IBinaryState{TSelf}"/> form, or JSON).
/// Writes and clears compare the ETag (bytes 0 to 7) and change the record in one Lua script; a write's
/// <see cref="IGrainState{T}.ExpiresAt"/> becomes the key's expiry (SET's PXAT). A string, not a hash of ETag and data:
/// Redis keeps a hash with any value over 64 bytes as a hash table, which costs a session about 180 bytes more. Needs
/// Redis 7.0 or later.
/// </summary>
internal sealed class RedisGrainStorage(RedisGrainStorageOptions options, RedisPipeline pipeline) : IGrainStorage
{
    /// <summary>The length in bytes of an ETag, which opens every record.</summary>
    internal const int EtagLength = 8;

    private static readonly RedisScript ReadScript = new("""
        return {redis.call('GET', KEYS[1]), redis.call('PEXPIRETIME', KEYS[1])}
        """);

    // ARGV: the ETag the writer holds, the new ETag, the state, the expiry (Unix ms, or -1 for none), and '1' when the
    // expiry may have passed. SET's PXAT with a time already past deletes the key, which EXISTS then tells.
    private static readonly RedisScript WriteScript = new("""
        local stored = redis.call('GETRANGE', KEYS[1], 0, 7)
        if stored ~= ARGV[1] then return {0, stored} end
        local expiresAt = tonumber(ARGV[4])
        if expiresAt < 0 then
          redis.call('SET', KEYS[1], ARGV[2] .. ARGV[3])
          return {1, ARGV[2]}
        end
        redis.call('SET', KEYS[1], ARGV[2] .. ARGV[3], 'PXAT', math.max(expiresAt, 1))
        if ARGV[5] == '1' and redis.call('EXISTS', KEYS[1]) == 0 then return {1, ''} end
        return {1, ARGV[2]}
        """);

    /// <summary>
    /// How far ahead of this machine's clock an expiry must be for a write to skip asking whether PXAT deleted the key.
    /// Should Redis's clock run further ahead, the writer takes a deleted record for a live one; its next write then fails
    /// the ETag comparison and the activation reloads, so nothing is lost.
    /// </summary>
    private static readonly TimeSpan ExpiryCheckMargin = TimeSpan.FromMinutes(1);

    // ARGV: the ETag the writer holds.
    private static readonly RedisScript ClearScript = new("""
        local stored = redis.call('GETRANGE', KEYS[1], 0, 7)
        if stored ~= ARGV[1] then return {0, stored} end
        redis.call('DEL', KEYS[1])
        return {1, ''}
        """);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var result = (await ExecuteAsync(ReadScript, stateName, grainId, [], "read", cancellationToken)).Items!;
        var record = result[0].Bytes;
        if (record is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.ExpiresAt = null;
            return;
        }

        var expiresAt = result[1].Integer;
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
        RespArgument[] arguments =
        [
            StoredEtag(grainState.ETag),
            newEtag,
            GrainStateSerializer<T>.Serialize(grainState.State),
            grainState.ExpiresAt?.ToUnixTimeMilliseconds() ?? -1,
            grainState.ExpiresAt <= DateTimeOffset.UtcNow + ExpiryCheckMargin ? "1" : "0",
        ];
        // An expiry already past makes SET delete the key: then no record exists and the writer holds no ETag.
        var stored = await CompareAndSetAsync(WriteScript, stateName, grainId, arguments, "write", grainState.ETag, cancellationToken);
        grainState.ETag = stored;
        grainState.RecordExists = stored is not null;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await CompareAndSetAsync(ClearScript, stateName, grainId, [StoredEtag(grainState.ETag)], "clear", grainState.ETag, cancellationToken);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.ExpiresAt = null;
    }

    internal string GetKey(string stateName, GrainId grainId) => $"{options.KeyPrefix}{grainId.Type}/{grainId.Key}/{stateName}";

    /// <summary>An ETag as the scripts compare it: its bytes, or nothing for a writer that holds none.</summary>
    private static byte[] StoredEtag(string? etag) => etag is null ? [] : Convert.FromHexString(etag);

    private static string? EtagOf(byte[]? stored) => stored is null || stored.Length == 0 ? null : Convert.ToHexStringLower(stored);

    /// <summary>Runs a compare-and-set script; returns the record's ETag afterwards, <see langword="null"/> when none exists.</summary>
    private async Task<string?> CompareAndSetAsync(RedisScript script, string stateName, GrainId grainId, RespArgument[] arguments, string operation, string? expectedEtag, CancellationToken cancellationToken)
    {
        var result = (await ExecuteAsync(script, stateName, grainId, arguments, operation, cancellationToken)).Items!;
        if (result[0].Integer != 1)
        {
            var stored = EtagOf(result[1].Bytes);
            throw new InconsistentStateException(
                $"Could not {operation} state '{stateName}' of {grainId}: stored ETag '{stored}' does not match '{expectedEtag}'.", stored, expectedEtag);
        }

        return EtagOf(result[1].Bytes);
    }

    private async Task<RespReply> ExecuteAsync(RedisScript script, string stateName, GrainId grainId, RespArgument[] arguments, string operation, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.EvaluateAsync(script, GetKey(stateName, grainId), arguments, $"the {operation} of state '{stateName}' of {grainId}", cancellationToken);
        }
        catch (RedisUnavailableException exception)
        {
            throw new GrainStorageException(exception.Message, exception);
        }
    }
}
