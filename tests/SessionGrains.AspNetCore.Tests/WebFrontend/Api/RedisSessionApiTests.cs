namespace SessionGrains.AspNetCore.Tests.WebFrontend.Api;

/// <summary>The JSON API against real Redis, with a silo in the front end's process.</summary>
[Collection(RedisFrontendCollection.Name)]
public sealed class RedisSessionApiTests(RedisFrontendFixture fixture) : SessionApiTests(fixture);
