namespace SessionGrains.AspNetCore.Tests.WebFrontend.Api;

/// <summary>The JSON API on the embedded default.</summary>
[Collection(EmbeddedFrontendCollection.Name)]
public sealed class EmbeddedSessionApiTests(EmbeddedFrontendFixture fixture) : SessionApiTests(fixture);
