using Orleans.Storage;
using StackExchange.Redis;

namespace SessionGrains.Grains.Storage;

/// <summary>
/// Orleans' Redis grain storage with a per-record expiry: after each write of an <see cref="IExpiringState"/> it sets
/// the key to expire at <see cref="IExpiringState.ExpiresAt"/>. Two commands a write, for user grains, which write
/// only on sign-in and revocation; sessions, written on every change, use <see cref="RedisSessionStorage"/>.
/// </summary>
internal sealed class ExpiringGrainStorage(IGrainStorage inner, IConnectionMultiplexer redis, Func<string, GrainId, RedisKey> key)
    : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await inner.WriteStateAsync(stateName, grainId, grainState);
        if (grainState.State is IExpiringState { ExpiresAt: { } at })
        {
            try
            {
                await redis.GetDatabase().KeyExpireAsync(key(stateName, grainId), at.UtcDateTime);
            }
            catch (RedisException exception)
            {
                throw new SessionStorageException($"Redis stored {stateName} of {grainId} but failed to set its expiry: {exception.Message}", exception);
            }
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
