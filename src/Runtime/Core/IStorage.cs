namespace SessionGrains.Runtime;

/// <summary>A grain's state and the operations that load and save it.</summary>
/// <typeparam name="TState">The state's type; it must serialize with System.Text.Json.</typeparam>
public interface IStorage<TState>
{
    /// <summary>The state. A new instance of <typeparamref name="TState"/> when no record exists.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored record this state was read from or written as; <see langword="null"/> when none.</summary>
    string? Etag { get; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the state from storage, replacing <see cref="State"/>.</summary>
    /// <exception cref="GrainStorageException">The storage failed or did not answer in time.</exception>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes <see cref="State"/> if the stored record still has <see cref="Etag"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored record was changed or removed by someone else.</exception>
    /// <exception cref="GrainStorageException">The storage failed or did not answer in time.</exception>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes the stored record if it still has <see cref="Etag"/>, and resets <see cref="State"/>.</summary>
    /// <exception cref="InconsistentStateException">The stored record was changed by someone else.</exception>
    /// <exception cref="GrainStorageException">The storage failed or did not answer in time.</exception>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
