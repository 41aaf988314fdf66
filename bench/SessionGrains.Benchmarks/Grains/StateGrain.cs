using SessionGrains.Runtime;

namespace SessionGrains.Benchmarks.Grains;

public sealed class StateGrain([PersistentState("state", BenchmarkHost.StorageName)] IPersistentState<BenchmarkState> state) : Grain, IStateGrain
{
    public async Task WriteAsync(int value)
    {
        state.State.Value = value;
        state.State.LastSeen = TimeProvider.GetUtcNow();
        await state.WriteStateAsync();
    }
}
