namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>Lazy sessions on the embedded default.</summary>
[Collection(EmbeddedFrontendCollection.Name)]
public sealed class EmbeddedLazySessionTests(EmbeddedFrontendFixture fixture) : LazySessionTests(fixture);
