using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SessionGrains.AspNetCore.Tests.Hosting;

/// <summary>
/// A client front end that started with no silo recovers by itself when one joins its cluster: it turns ready and
/// serves sessions, with no restart. The silo is a front end in Silo mode on the same Redis and cluster id.
/// </summary>
[Collection(RedisFrontendCollection.Name)]
public sealed class ClientSiloJoinTests(RedisFrontendFixture fixture)
{
    [Fact]
    public async Task SiloJoins_ClientWithNoSiloAtStart_TurnsReadyAndServesSessions()
    {
        // Arrange: a client of an empty cluster, refusing sessions
        var cluster = RedisFrontendFixture.SiloSettings(fixture.Redis.ConnectionString);
        await using var silo = new FrontendFactory(cluster);
        await using var client = new FrontendFactory(new Dictionary<string, string?>(cluster) { ["SessionGrains:Mode"] = "Client" }) { WaitForHost = false };
        await client.StartAsync();
        using var browser = client.CreateBrowser();
        await Eventually.WaitUntilAsync(() => client.Logs.WithEventName("NoSiloReachable").Count > 0, "the client logs that no silo is reachable");
        using var refused = await browser.PostCountAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);

        // Act
        await silo.StartAsync();

        // Assert: ready once it has connected, without a restart
        await client.HostStarted.DefaultTimeout();
        await Eventually.WaitUntilAsync(async () => (await client.CheckReadinessAsync()).Status == HealthStatus.Healthy, "the client's readiness turns healthy");
        await Eventually.WaitUntilAsync(browser.IsHealthyAsync, "the client's /healthz answers 200");

        // Assert: a session created now lives in the cluster and counts
        Assert.Equal(1, await browser.CountAsync());
        Assert.Equal(2, await browser.CountAsync());
    }
}
