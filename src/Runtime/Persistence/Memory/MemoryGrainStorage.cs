using System.Collections.Concurrent;
using System.Globalization;
using SessionGrains.Runtime.Serialization;

namespace SessionGrains.Runtime.Persistence.Memory;

/// <summary>
/// Grain storage in this process's memory, for unit tests and the embedded default. Records are kept serialized, so
/// nothing is shared with the grain, and honour <see cref="IGrainState{T}.ExpiresAt"/> by the runtime's clock.
/// </summary>
internal sealed class MemoryGrainStorage(TimeProvider timeProvider) : IGrainStorage
{
    private readonly ConcurrentDictionary<(string StateName, GrainId GrainId), Record> _records = new();
    private long _lastEtag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        if (TryGetLive((stateName, grainId), out var record))
        {
            grainState.State = GrainStateSerializer<T>.Deserialize(record.Data);
            grainState.ETag = record.ETag;
            grainState.RecordExists = true;
            grainState.ExpiresAt = record.ExpiresAt;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            grainState.ExpiresAt = null;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = (stateName, grainId);
        var data = GrainStateSerializer<T>.Serialize(grainState.State);
        lock (_records)
        {
            CheckEtag(key, grainState.ETag, "write");
            if (grainState.ExpiresAt <= timeProvider.GetUtcNow())
            {
                // Already expired: nothing is stored, so the writer holds no ETag and its next write creates the record.
                _records.TryRemove(key, out _);
                grainState.ETag = null;
                grainState.RecordExists = false;
            }
            else
            {
                var etag = NextEtag();
                _records[key] = new Record(data, etag, grainState.ExpiresAt);
                grainState.ETag = etag;
                grainState.RecordExists = true;
            }
        }

        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var key = (stateName, grainId);
        lock (_records)
        {
            CheckEtag(key, grainState.ETag, "clear");
            _records.TryRemove(key, out _);
        }

        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.ExpiresAt = null;
        return Task.CompletedTask;
    }

    private void CheckEtag((string StateName, GrainId GrainId) key, string? expected, string operation)
    {
        var stored = TryGetLive(key, out var record) ? record.ETag : null;
        if (stored != expected)
        {
            throw new InconsistentStateException(
                $"Could not {operation} state '{key.StateName}' of {key.GrainId}: stored ETag '{stored}' does not match '{expected}'.", stored, expected);
        }
    }

    private bool TryGetLive((string StateName, GrainId GrainId) key, out Record record)
    {
        if (!_records.TryGetValue(key, out record!))
        {
            return false;
        }

        if (record.ExpiresAt <= timeProvider.GetUtcNow())
        {
            _records.TryRemove(KeyValuePair.Create(key, record));
            return false;
        }

        return true;
    }

    private string NextEtag() => Interlocked.Increment(ref _lastEtag).ToString(CultureInfo.InvariantCulture);

    private sealed record Record(byte[] Data, string ETag, DateTimeOffset? ExpiresAt);
}
