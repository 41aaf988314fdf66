using Orleans.Runtime;
using StackExchange.Redis;

namespace SessionGrains.Grains.Storage;

/// <summary>The grain storage names the session and user grains use, and the Redis key both providers give a state.</summary>
public static class SessionGrainsStorage
{
    /// <summary>The storage of session grains: <see cref="RedisSessionStorage"/> in a farm, memory in the embedded default.</summary>
    public const string Sessions = "sessions";

    /// <summary>The storage of user grains: Orleans' Redis grain storage in a farm, memory in the embedded default.</summary>
    public const string Users = "users";

    /// <summary>The key of a state in Redis, <c>{ServiceId}/state/{grainId}/{stateName}</c>: the layout of Orleans' Redis storage.</summary>
    public static RedisKey Key(string serviceId, string stateName, GrainId grainId) => $"{serviceId}/state/{grainId}/{stateName}";
}
