namespace SessionGrains.Grains.Tests;

/// <summary>The tests that share one three-silo cluster on one real redis-server; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "Redis cluster";
}
