namespace SessionGrains.Runtime;

/// <summary>Default values for grain storage.</summary>
public static class GrainStorageDefaults
{
    /// <summary>The storage name used when <see cref="PersistentStateAttribute"/> names none: <c>Default</c>.</summary>
    public const string DefaultStorageName = "Default";
}
