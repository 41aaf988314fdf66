namespace SessionGrains.Cluster.Tests.Grains;

public sealed class WaitingGrain : Grain, IWaitingGrain
{
    public async Task<bool> WaitAsync(int milliseconds, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(milliseconds, cancellationToken);
            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }

    public Task<int> PingAsync() => Task.FromResult(1);
}
