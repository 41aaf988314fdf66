using Microsoft.Extensions.Logging;
using System.Diagnostics;

namespace SessionGrains.AspNetCore.Tests.Diagnostics;

/// <summary>
/// Redis stops under a front end hosting a silo: session requests fail fast with 503 (never a hang, never a 500) and
/// the health check reports it. The test owns its redis-server, since it kills it.
/// </summary>
public sealed class RedisUnavailableTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private RedisServer? _redis;
    private FrontendFactory? _factory;

    public async Task InitializeAsync()
    {
        // Append-only, as a farm's Redis must be: Orleans' membership rows have to survive the restart, or a silo whose
        // row vanished can neither heartbeat nor leave (orleans#7784, #9220).
        _redis = await RedisServer.StartAsync(appendOnly: true).DefaultTimeout();
        _factory = new FrontendFactory(RedisFrontendFixture.SiloSettings(_redis.ConnectionString));
        await _factory.StartAsync();
    }

    public async Task DisposeAsync()
    {
        // A silo leaves the cluster through Redis; with Redis down it could not record its departure, so bring Redis
        // back and let the front end reconnect before stopping it.
        if (_redis is { IsRunning: false })
        {
            await _redis.StartAsync().DefaultTimeout();
        }

        if (_factory is not null)
        {
            using var client = _factory.CreateBrowser();
            await Eventually.WaitUntilAsync(client.IsHealthyAsync, "the front end reconnects to Redis");
            await _factory.DisposeAsync().DefaultTimeout();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync().DefaultTimeout();
        }
    }

    [Fact]
    public async Task SessionRequests_WhenRedisStops_Return503WithinBound()
    {
        // Arrange: a signed-in browser with a live session, so the key ring and the grain are warm.
        using var signedIn = _factory!.CreateBrowser();
        await signedIn.SignInAsync("alice");
        Assert.Equal(1, await signedIn.CountAsync());
        using var healthy = await signedIn.GetAsync("/healthz").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        using var newcomer = _factory.CreateBrowser();
        var logMark = _factory.Logs.Mark();

        // Act
        await _redis!.StopAsync().DefaultTimeout();
        var (newSession, newSessionTime) = await TimeAsync(() => newcomer.PostCountAsync());
        var (liveSession, liveSessionTime) = await TimeAsync(() => signedIn.PostCountAsync());
        var (health, healthTime) = await TimeAsync(() => signedIn.GetAsync("/healthz"));
        output.WriteLine($"With Redis stopped: POST /api/count for a new session answered {(int)newSession.StatusCode} in {newSessionTime.TotalMilliseconds:F0} ms, " +
            $"for a live session {(int)liveSession.StatusCode} in {liveSessionTime.TotalMilliseconds:F0} ms; GET /healthz {(int)health.StatusCode} in {healthTime.TotalMilliseconds:F0} ms.");

        // Assert
        await newSession.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        await liveSession.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.True(newSessionTime < Bound, $"A new session's request took {newSessionTime}.");
        Assert.True(liveSessionTime < Bound, $"A live session's request took {liveSessionTime}.");
        Assert.True(healthTime < Bound, $"The health check took {healthTime}.");

        // Assert: each 503 is one warning line, without a stack trace; no error is logged for them
        var logged = _factory.Logs.Since(logMark);
        var warnings = logged.Where(e => e.EventId.Name == "SessionServiceUnavailable").ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, e => Assert.True(e.Level == LogLevel.Warning && e.Exception is null, e.AllText));
        Assert.DoesNotContain(logged, e => e.Level >= LogLevel.Error && e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        newSession.Dispose();
        liveSession.Dispose();
        health.Dispose();
    }

    [Fact]
    public async Task SessionRequests_WhenRedisComesBack_SucceedAgain()
    {
        // Arrange
        using var browser = _factory!.CreateBrowser();
        Assert.Equal(1, await browser.CountAsync());
        await _redis!.StopAsync().DefaultTimeout();
        using var failed = await browser.GetAsync("/healthz").DefaultTimeout();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);

        // Act
        await _redis.StartAsync().DefaultTimeout();
        await Eventually.WaitUntilAsync(browser.IsHealthyAsync, "the front end reconnects to Redis");

        // Assert: a new session works again (the restarted Redis kept no data, so the old one is gone).
        using var newcomer = _factory.CreateBrowser();
        Assert.Equal(1, await newcomer.CountAsync());
    }

    private static async Task<(HttpResponseMessage Response, TimeSpan Elapsed)> TimeAsync(Func<Task<HttpResponseMessage>> request)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await request().DefaultTimeout();
        return (response, Stopwatch.GetElapsedTime(started));
    }
}
