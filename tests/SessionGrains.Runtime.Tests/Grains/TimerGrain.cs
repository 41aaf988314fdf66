namespace SessionGrains.Runtime.Tests.Grains;

public sealed class TimerGrain(TimerRecorder recorder) : Grain, ITimerGrain
{
    public Task StartTimerAsync(TimeSpan dueTime, TimeSpan period, bool keepAlive)
    {
        RegisterGrainTimer(
            static (r, ct) => r.TickAsync(ct),
            recorder,
            new GrainTimerCreationOptions(dueTime, period) { KeepAlive = keepAlive });
        return Task.CompletedTask;
    }

    public Task<int> GetTicksAsync() => Task.FromResult(recorder.Ticks);

    public Task RecordCallAsync(string label) => recorder.CallAsync(label);

    public Task DeactivateOnIdleAsync()
    {
        DeactivateOnIdle();
        return recorder.CallAsync("deactivate");
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        recorder.OnDeactivated(reason, TimeProvider.GetUtcNow());
        return Task.CompletedTask;
    }
}
