using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.AspNetCore.Tests.Session;

/// <summary>
/// A request that never touches its session costs nothing: no grain call, no activation, no Set-Cookie, even when it
/// carries a session cookie. Each test runs on a front end of its own, so the counts start at zero.
/// </summary>
public abstract class LazySessionTests(FrontendFixture fixture)
{
    [Fact]
    public async Task PlainAndHealthz_WithoutCookie_ActivateNoGrainAndSetNoCookie()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync();
        using var calls = new GrainCallCounter(factory.Services);
        using var browser = factory.CreateBrowser();

        // Act
        using var plain = await browser.GetAsync("/api/plain").DefaultTimeout();
        using var health = await browser.GetAsync("/healthz").DefaultTimeout();

        // Assert
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(plain.Headers.Contains("Set-Cookie"));
        Assert.False(health.Headers.Contains("Set-Cookie"));
        Assert.Equal(0, calls.Calls);
        Assert.Equal(0, await SessionActivations.CountAsync(factory.Services));

        // The counters do count: a request that uses the session activates its grain.
        Assert.Equal(1, await browser.CountAsync());
        Assert.Equal(1, await SessionActivations.CountAsync(factory.Services));
    }

    [Fact]
    public async Task PlainAndHealthz_WithSessionCookie_MakeNoGrainCallAndSetNoCookie()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync();
        using var calls = new GrainCallCounter(factory.Services);
        using var client = factory.CreateRawClient();
        var cookie = await CreateCountedSessionAsync(client, calls);

        // Act
        using var plain = await client.SendWithCookieAsync(HttpMethod.Get, "/api/plain", cookie);
        using var health = await client.SendWithCookieAsync(HttpMethod.Get, "/healthz", cookie);

        // Assert: a probe that loads the session (one call) runs on the same activation after any call the two
        // requests could have made, so once it is counted, the count is final.
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False(plain.Headers.Contains("Set-Cookie"));
        Assert.False(health.Headers.Contains("Set-Cookie"));
        using var probe = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", cookie);
        await probe.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await Eventually.WaitUntilAsync(() => calls.Calls >= 3, "the probe's call is counted");
        Assert.Equal(3, calls.Calls);
    }

    [Fact]
    public async Task Count_WithSessionCookie_IncrementsInOneGrainCall()
    {
        // Arrange
        var factory = await fixture.StartFactoryAsync();
        using var calls = new GrainCallCounter(factory.Services);
        using var client = factory.CreateRawClient();
        var cookie = await CreateCountedSessionAsync(client, calls);

        // Act
        using var counted = await client.SendWithCookieAsync(HttpMethod.Post, "/api/count", cookie);

        // Assert: the grain checks the proof and the deadlines itself, so nothing loads the session first. The probe
        // (one call) is counted after the increment's calls, as in the test above.
        Assert.Equal(HttpStatusCode.OK, counted.StatusCode);
        Assert.Contains("\"views\":2", await counted.Content.ReadAsStringAsync());
        Assert.False(counted.Headers.Contains("Set-Cookie"));
        using var probe = await client.SendWithCookieAsync(HttpMethod.Get, "/api/profile", cookie);
        await probe.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await Eventually.WaitUntilAsync(() => calls.Calls >= 4, "the probe's call is counted");
        Assert.Equal(4, calls.Calls);
    }

    /// <summary>Creates an anonymous session with <c>POST /api/count</c>: exactly two calls to its grain (create, increment).</summary>
    private static async Task<string> CreateCountedSessionAsync(HttpClient client, GrainCallCounter calls)
    {
        using var created = await client.PostCountAsync();
        await Eventually.WaitUntilAsync(() => calls.Calls >= 2, "the session's two calls are counted");
        Assert.Equal(2, calls.Calls);
        return "sg=" + SetCookies.ValueOf(created);
    }
}
