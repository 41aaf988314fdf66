namespace SessionGrains.Runtime.Persistence;

/// <summary>
/// Closed once this silo has been declared dead: from then on none of its grains writes or clears state, whatever
/// turn is still running, so a silo that was only paused cannot overwrite what the grain's new owner wrote.
/// </summary>
internal sealed class StorageFence
{
    private volatile string? _closedBecause;

    public bool IsClosed => _closedBecause is not null;

    public void Close(string reason) => _closedBecause ??= reason;

    public void ThrowIfClosed(GrainId grainId)
    {
        if (_closedBecause is { } reason)
        {
            throw new SiloUnavailableException($"{grainId} cannot write state: {reason}");
        }
    }
}
