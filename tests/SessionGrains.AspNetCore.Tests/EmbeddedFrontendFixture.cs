namespace SessionGrains.AspNetCore.Tests;

/// <summary>The front end on the embedded default: no <c>SessionGrains:Redis</c>, one in-process silo, memory storage.</summary>
public sealed class EmbeddedFrontendFixture : FrontendFixture
{
    protected override IReadOnlyDictionary<string, string?> BackEndSettings() => new Dictionary<string, string?>();
}
