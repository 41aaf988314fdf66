namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>Bad cookies on the embedded default.</summary>
[Collection(EmbeddedFrontendCollection.Name)]
public sealed class EmbeddedBadCookieTests(EmbeddedFrontendFixture fixture) : BadCookieTests(fixture);
