namespace SessionGrains.AspNetCore.Tests.Diagnostics;

/// <summary>
/// Redis loses its sessions, users and key ring under a front end hosting a silo. A signed-in browser's next write
/// answers 503, as its session's write conflicts and its grain is dropped; the request after that starts a new
/// anonymous session, with a new cookie and nothing of the old one. Every key goes but Orleans' membership table: after
/// a real <c>FLUSHALL</c> (tested on the grains, <c>RedisDataLossTests</c> there) a silo serves on but cannot record its
/// departure, so it cannot stop gracefully (orleans#7784; docs/operations.md). The test owns its redis-server.
/// </summary>
public sealed class RedisDataLossTests : IAsyncLifetime
{
    private RedisServer? _redis;
    private FrontendFactory? _factory;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync().DefaultTimeout();
        _factory = new FrontendFactory(RedisFrontendFixture.SiloSettings(_redis.ConnectionString));
        await _factory.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync().DefaultTimeout();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync().DefaultTimeout();
        }
    }

    [Fact]
    public async Task SignedInBrowser_AfterRedisLostItsSessions_GetsOne503ThenANewAnonymousSession()
    {
        // Arrange
        using var browser = _factory!.CreateBrowser();
        await browser.SignInAsync("alice");
        Assert.Equal(1, await browser.CountAsync());
        Assert.Equal(2, await browser.CountAsync());
        await using (var connection = await _redis!.ConnectAsync())
        {
            var keys = connection.GetServers().Single().Keys().Where(k => !k.ToString().Contains("/members/", StringComparison.Ordinal)).ToArray();
            Assert.NotEmpty(keys);
            Assert.Equal(keys.Length, await connection.GetDatabase().KeyDeleteAsync(keys).DefaultTimeout());
        }

        // Act
        using var conflicted = await browser.PostCountAsync();
        using var next = await browser.PostCountAsync();

        // Assert: one 503 that keeps the cookie, then a new session that counts from 1 and is nobody's
        await conflicted.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Null(SetCookies.Find(conflicted));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, (await next.ReadJsonAsync()).GetProperty("views").GetInt64());
        Assert.NotNull(SetCookies.Find(next));
        using var profile = await browser.GetProfileAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, profile.StatusCode);
    }
}
