namespace SessionGrains.Runtime;

/// <summary>
/// Persistent state injected into a grain's constructor with <see cref="PersistentStateAttribute"/>. It is read before
/// <see cref="Grain.OnActivateAsync"/>.
/// </summary>
/// <typeparam name="TState">The state's type; it must serialize with System.Text.Json.</typeparam>
public interface IPersistentState<TState> : IStorage<TState>
{
    /// <summary>
    /// When the stored record ends. Beyond Orleans: each write makes it the record's expiry (the Redis key's TTL), so
    /// the record disappears on time even when no activation is alive. <see langword="null"/> (the default) keeps it
    /// forever. Reads set it from the stored record.
    /// </summary>
    DateTimeOffset? ExpiresAt { get; set; }
}
