namespace SessionGrains.Runtime.Persistence.Redis;

/// <summary>Settings of one Redis grain storage, bound from <c>SessionGrains:Storage:{name}</c>.</summary>
public sealed class RedisGrainStorageOptions
{
    /// <summary>Prefixed to every key this storage writes, so several clusters or apps can share a Redis. Default: <c>sg:</c>.</summary>
    public string KeyPrefix { get; set; } = "sg:";
}
