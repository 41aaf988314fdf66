namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>Bad cookies against real Redis, where the key ring lives in Redis too.</summary>
[Collection(RedisFrontendCollection.Name)]
public sealed class RedisBadCookieTests(RedisFrontendFixture fixture) : BadCookieTests(fixture);
