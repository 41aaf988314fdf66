namespace SessionGrains.Runtime.Persistence;

/// <summary>A state record as storage providers see it.</summary>
/// <typeparam name="T">The state's type.</typeparam>
public interface IGrainState<T>
{
    /// <summary>The state.</summary>
    T State { get; set; }

    /// <summary>The stored record's version, or <see langword="null"/> when there is none.</summary>
    string? ETag { get; set; }

    /// <summary>Whether a stored record exists.</summary>
    bool RecordExists { get; set; }

    /// <summary>When the stored record expires, or <see langword="null"/> for never.</summary>
    DateTimeOffset? ExpiresAt { get; set; }
}
