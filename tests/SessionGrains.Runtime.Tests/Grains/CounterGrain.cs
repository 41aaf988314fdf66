namespace SessionGrains.Runtime.Tests.Grains;

public sealed class CounterGrain([PersistentState("counter")] IPersistentState<CounterState> state) : Grain, ICounterGrain
{
    public async Task<int> IncrementAsync()
    {
        state.State.Value++;
        await state.WriteStateAsync();
        return state.State.Value;
    }

    public Task<int> GetAsync() => Task.FromResult(state.State.Value);

    public ValueTask<string> EchoAsync(string value) => ValueTask.FromResult(value);

    public async ValueTask ResetAsync() => await state.ClearStateAsync();

    public Task FailAsync(string message) => throw new ArgumentException(message);
}

public sealed class CounterState
{
    public int Value { get; set; }
}
