namespace SessionGrains.Runtime.Tests.Grains;

public sealed class FaultyGrain : Grain, IFaultyGrain
{
    private readonly Guid _instanceId = Guid.NewGuid();
    private int _count;

    public Task<int> IncrementAsync() => Task.FromResult(++_count);

    public Task<Guid> GetInstanceIdAsync() => Task.FromResult(_instanceId);

    public Task FailSynchronouslyAsync(string message) => throw new TestGrainException(message);

    public async Task<int> FailAfterAwaitAsync(string message)
    {
        await Task.Yield();
        throw new TestGrainException(message);
    }
}
