namespace SessionGrains.AspNetCore.Tests;

/// <summary>The test classes that share one front end hosting a silo against a real Redis; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class RedisFrontendCollection : ICollectionFixture<RedisFrontendFixture>
{
    public const string Name = "Redis front end";
}
