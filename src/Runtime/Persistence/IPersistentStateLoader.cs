namespace SessionGrains.Runtime.Persistence;

/// <summary>A grain's persistent state as its activation sees it: read before <see cref="Grain.OnActivateAsync"/>.</summary>
internal interface IPersistentStateLoader
{
    Task ReadStateAsync(CancellationToken cancellationToken = default);
}
