namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>Its <see cref="OnActivateAsync"/> throws as often as <see cref="LifecycleRecorder.FailNextActivations"/> says.</summary>
public sealed class FailingActivationGrain(LifecycleRecorder recorder) : Grain, IFailingActivationGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        recorder.Activated(GetPrimaryKeyString());
        await Task.Yield();
        if (recorder.TakeActivationFailure())
        {
            throw new TestGrainException($"Activation of {GetPrimaryKeyString()} failed on purpose.");
        }
    }

    public Task<string> PingAsync() => Task.FromResult("pong");
}
