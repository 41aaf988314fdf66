namespace SessionGrains.Runtime.Placement;

/// <summary>The single-process runtime: every grain is local, and there is never anyone to hand over from.</summary>
internal sealed class LocalPlacement : IGrainPlacement
{
    public bool IsLocal(GrainId grainId) => true;

    public Task WaitForHandoverAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
