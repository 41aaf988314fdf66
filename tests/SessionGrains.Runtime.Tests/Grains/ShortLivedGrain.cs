namespace SessionGrains.Runtime.Tests.Grains;

public sealed class ShortLivedGrain(LifecycleRecorder recorder) : Grain, IShortLivedGrain
{
    public Task PingAsync() => Task.CompletedTask;

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        recorder.Deactivated(GetPrimaryKeyString(), reason);
        return Task.CompletedTask;
    }
}
