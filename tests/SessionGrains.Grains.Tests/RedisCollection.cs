namespace SessionGrains.Grains.Tests;

/// <summary>The tests that share one real redis-server; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "Redis";
}
