using StackExchange.Redis;

namespace SessionGrains.AspNetCore.Tests.DataProtection;

/// <summary>
/// With <c>SessionGrains:Redis</c>, the Data Protection key ring lives in Redis: every front end of a farm reads every
/// session cookie, whether it hosts a silo or is a client of the cluster.
/// </summary>
[Collection(RedisFrontendCollection.Name)]
public sealed class SharedKeyRingTests(RedisFrontendFixture fixture)
{
    [Theory]
    [InlineData("Silo")]
    [InlineData("Client")]
    public async Task SessionCookie_FromOneFrontEnd_WorksOnAnother(string secondMode)
    {
        // Arrange: two front ends of one cluster; the first hosts a silo.
        var cluster = RedisFrontendFixture.SiloSettings(fixture.Redis.ConnectionString);
        var first = await fixture.StartFactoryAsync(cluster);
        var second = await fixture.StartFactoryAsync(new Dictionary<string, string?>(cluster) { ["SessionGrains:Mode"] = secondMode });
        using var client = first.CreateRawClient();
        using var otherClient = second.CreateRawClient();
        using var login = await client.SendWithCookieAsync(HttpMethod.Post, "/api/login", null, ApiClientExtensions.LoginBody("alice"));
        var cookie = "sg=" + SetCookies.ValueOf(login);
        var sessionId = (await login.ReadJsonAsync()).GetProperty("sessionId").GetString();

        // Act
        using var profile = await otherClient.SendWithCookieAsync(HttpMethod.Get, "/api/profile", cookie);
        using var counted = await otherClient.SendWithCookieAsync(HttpMethod.Post, "/api/count", cookie);
        using var countedBack = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", cookie);

        // Assert
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(sessionId, (await profile.ReadJsonAsync()).GetProperty("sessionId").GetString());
        Assert.Equal(1, (await counted.ReadJsonAsync()).GetProperty("views").GetInt64());
        Assert.Equal(2, (await countedBack.ReadJsonAsync()).GetProperty("views").GetInt64());
    }

    [Fact]
    public async Task Start_WithRedis_ReadsKeyRingWithoutStallingRedis()
    {
        // Arrange, Act: Data Protection reads the key ring while the host starts, right after the silo's Redis calls.
        var factory = await fixture.StartFactoryAsync();
        using var browser = factory.CreateBrowser();
        Assert.Equal(1, await browser.CountAsync());

        // Assert: no Redis call timed out or failed on the way.
        Assert.DoesNotContain(factory.Logs.Entries, e => e.Exception is RedisException or { InnerException: RedisException });
    }
}
