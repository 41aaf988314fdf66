using SessionGrains.Runtime;

namespace SessionGrains.Benchmarks.Grains;

public sealed class CallGrain : Grain, ICallGrain
{
    private int _total;

    // Returns the argument, not the running total, so the grain's own Task<int> comes from the runtime's cache for small
    // values and the figures show the runtime's allocations rather than the grain's.
    public Task<int> AddAsync(int value)
    {
        _total += value;
        return Task.FromResult(value);
    }

    public ValueTask TouchAsync(int value)
    {
        _total += value;
        return ValueTask.CompletedTask;
    }
}
