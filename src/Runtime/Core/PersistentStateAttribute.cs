namespace SessionGrains.Runtime;

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/> for injection.</summary>
[AttributeUsage(AttributeTargets.Parameter, Inherited = false)]
public sealed class PersistentStateAttribute : Attribute
{
    /// <summary>Creates the attribute.</summary>
    /// <param name="stateName">The state's name, unique within the grain; part of its storage key.</param>
    /// <param name="storageName">The storage provider's name; <see langword="null"/> for <see cref="GrainStorageDefaults.DefaultStorageName"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="stateName"/> is null or empty.</exception>
    public PersistentStateAttribute(string stateName, string? storageName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        StateName = stateName;
        StorageName = storageName ?? GrainStorageDefaults.DefaultStorageName;
    }

    /// <summary>The state's name.</summary>
    public string StateName { get; }

    /// <summary>The storage provider's name.</summary>
    public string StorageName { get; }
}
