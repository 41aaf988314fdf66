namespace SessionGrains.Runtime.Placement;

/// <summary>Whether this process owns a grain, and when it may activate one.</summary>
internal interface IGrainPlacement
{
    /// <summary>Whether <paramref name="grainId"/> belongs to this process's silo in the current view.</summary>
    bool IsLocal(GrainId grainId);

    /// <summary>Completes when a new activation may read its state: no other silo still holds one.</summary>
    Task WaitForHandoverAsync(CancellationToken cancellationToken);
}
