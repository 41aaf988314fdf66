namespace SessionGrains.Runtime.Persistence;

/// <summary>
/// A storage provider for grain state. Writes and clears compare <see cref="IGrainState{T}.ETag"/> with the stored
/// record's and throw <see cref="InconsistentStateException"/> on a mismatch. Register one with a name as a keyed
/// service, for example with <c>AddMemoryGrainStorage(name)</c> or <c>AddRedisGrainStorage(name)</c>.
/// </summary>
public interface IGrainStorage
{
    /// <summary>Reads the record of <paramref name="stateName"/> for <paramref name="grainId"/> into <paramref name="grainState"/>.</summary>
    Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="grainState"/> and gives it a new ETag.</summary>
    Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken);

    /// <summary>Deletes the record and sets the ETag to <see langword="null"/>.</summary>
    Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken);
}
