namespace SessionGrains.Runtime.Tests.Grains;

public sealed class SlowGrain(CallGate gate) : Grain, ISlowGrain
{
    public Task WaitAtGateAsync() => gate.PassAsync();

    public async Task WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        gate.Entered();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            gate.Record("observed-cancellation");
            throw;
        }
    }

    public Task RecordAsync(string label, CancellationToken cancellationToken)
    {
        gate.Record(label);
        return Task.CompletedTask;
    }

    public Task<string> PingAsync() => Task.FromResult("pong");
}
