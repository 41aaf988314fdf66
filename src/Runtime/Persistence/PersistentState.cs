using System.Diagnostics;
using SessionGrains.Runtime.Diagnostics;

namespace SessionGrains.Runtime.Persistence;

/// <summary>The <see cref="IPersistentState{TState}"/> a grain gets: its record, its storage, and metrics for each operation.</summary>
internal sealed class PersistentState<TState> : IPersistentState<TState>, IGrainState<TState>, IPersistentStateLoader
{
    private readonly string _stateName;
    private readonly string _storageName;
    private readonly GrainId _grainId;
    private readonly IGrainStorage _storage;
    private readonly RuntimeMetrics _metrics;
    private readonly StorageFence _fence;

    public PersistentState(string stateName, string storageName, GrainId grainId, IGrainStorage storage, RuntimeMetrics metrics, StorageFence fence)
    {
        _fence = fence;
        _stateName = stateName;
        _storageName = storageName;
        _grainId = grainId;
        _storage = storage;
        _metrics = metrics;
        State = Activator.CreateInstance<TState>();
    }

    public TState State { get; set; }

    public string? Etag { get; private set; }

    public bool RecordExists { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    string? IGrainState<TState>.ETag
    {
        get => Etag;
        set => Etag = value;
    }

    public Task ReadStateAsync(CancellationToken cancellationToken = default) =>
        MeasureAsync(StorageOperation.Read, () => _storage.ReadStateAsync(_stateName, _grainId, this, cancellationToken));

    public Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        _fence.ThrowIfClosed(_grainId);
        return MeasureAsync(StorageOperation.Write, () => _storage.WriteStateAsync(_stateName, _grainId, this, cancellationToken));
    }

    public Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        _fence.ThrowIfClosed(_grainId);
        return MeasureAsync(StorageOperation.Clear, () => _storage.ClearStateAsync(_stateName, _grainId, this, cancellationToken));
    }

    // The provider is started inside the try: one that throws before returning a task (MemoryGrainStorage does) is
    // measured too, and its exception reaches the caller through the returned task.
    private async Task MeasureAsync(StorageOperation operation, Func<Task> start)
    {
        var started = Stopwatch.GetTimestamp();
        var result = StorageResult.Failure;
        try
        {
            await start();
            result = StorageResult.Success;
        }
        catch (InconsistentStateException)
        {
            result = StorageResult.Conflict;
            throw;
        }
        finally
        {
            _metrics.StorageOperation(_storageName, operation, result, Stopwatch.GetElapsedTime(started));
        }
    }
}
