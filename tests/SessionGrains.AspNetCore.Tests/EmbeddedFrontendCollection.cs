namespace SessionGrains.AspNetCore.Tests;

/// <summary>The test classes that share one front end on the embedded default; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class EmbeddedFrontendCollection : ICollectionFixture<EmbeddedFrontendFixture>
{
    public const string Name = "Embedded front end";
}
