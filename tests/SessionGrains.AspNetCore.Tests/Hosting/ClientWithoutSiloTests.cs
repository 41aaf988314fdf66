using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace SessionGrains.AspNetCore.Tests.Hosting;

/// <summary>
/// A front end in client mode whose cluster has no silo: it starts and serves all the same, says at once that no silo
/// is reachable (a warning, a readiness check that is not ready), and answers session requests with 503 within a
/// second instead of after Orleans' 30 s. Each test starts its own front end, in a cluster of its own.
/// </summary>
[Collection(RedisFrontendCollection.Name)]
public sealed class ClientWithoutSiloTests(RedisFrontendFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan FastFailBound = TimeSpan.FromSeconds(1);
    private FrontendFactory? _frontend;

    private FrontendFactory Frontend => _frontend ?? throw new InvalidOperationException("The front end has not started.");

    public async Task InitializeAsync()
    {
        var settings = RedisFrontendFixture.SiloSettings(fixture.Redis.ConnectionString);
        settings["SessionGrains:Mode"] = "Client";
        _frontend = new FrontendFactory(settings) { WaitForHost = false };
        await _frontend.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_frontend is not null)
        {
            await _frontend.DisposeAsync().DefaultTimeout();
        }
    }

    [Fact]
    public async Task Start_WithNoSilo_ServesAndWarnsNoSiloReachableOnce()
    {
        // Act
        await Eventually.WaitUntilAsync(() => Frontend.Logs.WithEventName("NoSiloReachable").Count > 0, "the front end logs that no silo is reachable");
        using var browser = Frontend.CreateBrowser();
        using var plain = await browser.GetAsync("/api/plain").DefaultTimeout();

        // Assert: it serves what needs no grain, and its host is still waiting for a silo
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(Frontend.HostStarted.IsCompleted, "The host started with no silo to connect to.");

        // Assert: one warning, 5001; later attempts are debug lines
        var warning = Assert.Single(Frontend.Logs.WithEventName("NoSiloReachable"));
        Assert.Equal(5001, warning.EventId.Id);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.All(Frontend.Logs.WithEventName("StillNoSiloReachable"), e => Assert.Equal(LogLevel.Debug, e.Level));
    }

    [Fact]
    public async Task Readiness_WithNoSilo_IsUnhealthyWithTheReason()
    {
        // Arrange
        await Eventually.WaitUntilAsync(() => Frontend.Logs.WithEventName("NoSiloReachable").Count > 0, "the front end logs that no silo is reachable");
        using var browser = Frontend.CreateBrowser();

        // Act
        var report = await Frontend.CheckReadinessAsync();
        using var healthz = await browser.GetAsync("/healthz").DefaultTimeout();

        // Assert: the cluster check fails and says why; Redis itself is fine
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["cluster"].Status);
        Assert.StartsWith("No silo is reachable: ", report.Entries["cluster"].Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, report.Entries["redis"].Status);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthz.StatusCode);
    }

    [Fact]
    public async Task SessionRequest_WithNoSilo_Answers503WithRetryAfterWithinOneSecond()
    {
        // Arrange: the pipeline has served a request, so the time measured is the session call's, not the first JIT
        using var browser = Frontend.CreateBrowser();
        using var plain = await browser.GetAsync("/api/plain").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        var mark = Frontend.Logs.Mark();

        // Act
        var started = Stopwatch.GetTimestamp();
        using var count = await browser.PostCountAsync();
        var elapsed = Stopwatch.GetElapsedTime(started);

        // Assert
        await count.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        Assert.StartsWith("No silo", (await count.ReadJsonAsync()).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), count.Headers.RetryAfter?.Delta);
        Assert.True(elapsed < FastFailBound, $"POST /api/count with no silo took {elapsed.TotalMilliseconds:F0} ms.");

        // Assert: the reason is logged, one warning line without a stack trace
        var unavailable = Assert.Single(Frontend.Logs.Since(mark), e => e.EventId.Name == "SessionServiceUnavailable");
        Assert.Equal(LogLevel.Warning, unavailable.Level);
        Assert.Null(unavailable.Exception);
        Assert.Contains("ClusterUnavailableException", unavailable.Message, StringComparison.Ordinal);
        Assert.Contains("silo", unavailable.Message, StringComparison.Ordinal);
    }
}
