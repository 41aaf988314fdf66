namespace SessionGrains.Grains.Tests;

/// <summary>The tests that share one three-silo cluster with memory storage; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class MemoryClusterCollection : ICollectionFixture<MemoryClusterFixture>
{
    public const string Name = "Memory cluster";
}
