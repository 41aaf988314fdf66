namespace SessionGrains.Runtime.Tests.Grains;

public sealed class LifecycleGrain : Grain, ILifecycleGrain
{
    private readonly LifecycleRecorder _recorder;
    private readonly Guid _instanceId = Guid.NewGuid();

    public LifecycleGrain(LifecycleRecorder recorder)
    {
        _recorder = recorder;
        _recorder.Constructed(GetPrimaryKeyString());
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _recorder.Activated(GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _recorder.DeactivateAsync(GetPrimaryKeyString(), reason);

    public Task<Guid> GetInstanceIdAsync() => Task.FromResult(_instanceId);

    public Task DeactivateOnIdleAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task DelayDeactivationAsync(TimeSpan timeSpan)
    {
        DelayDeactivation(timeSpan);
        return Task.CompletedTask;
    }
}
