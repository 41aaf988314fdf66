using SessionGrains.Runtime;

namespace SessionGrains.TestGrains;

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<long> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<long> GetAsync() => Task.FromResult(state.State.Value);

    public Task<string> EchoAsync(string value) => Task.FromResult(value);

    public Task FailAsync(string message) => throw new ArgumentException(message);

    public async Task<long> IncrementSlowlyAsync(int milliseconds)
    {
        await Task.Delay(milliseconds);
        return await IncrementAsync();
    }
}
