namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>Lazy sessions against real Redis with a co-hosted silo.</summary>
[Collection(RedisFrontendCollection.Name)]
public sealed class RedisLazySessionTests(RedisFrontendFixture fixture) : LazySessionTests(fixture);
