namespace SessionGrains.Runtime.Tests.Grains;

public sealed class StateGrain([PersistentState("state")] IPersistentState<StateGrainState> state) : Grain, IStateGrain
{
    private bool _writeOnDeactivation;

    public async Task SetAsync(string value, DateTimeOffset? expiresAt)
    {
        state.State.Value = value;
        state.ExpiresAt = expiresAt;
        await state.WriteStateAsync();
    }

    public Task SetOnDeactivationAsync(string value)
    {
        state.State.Value = value;
        _writeOnDeactivation = true;
        return Task.CompletedTask;
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.Value);

    public Task<DateTimeOffset?> GetExpiresAtAsync() => Task.FromResult(state.ExpiresAt);

    public Task ClearAsync() => state.ClearStateAsync();

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_writeOnDeactivation)
        {
            await state.WriteStateAsync(cancellationToken);
        }
    }
}
