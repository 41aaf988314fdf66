using SessionGrains.Grains.Events;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// Silos leave and join: a session outlives a graceful stop of its silo with its data and its idle window, and "log
/// out everywhere" reaches sessions on every silo, one that joined late included. A cluster of its own per test.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SessionTopologyTests(RedisFixture redis, ITestOutputHelper output)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(1);

    [Fact]
    public async Task Session_UsedWithinTheSlackThenItsSiloStops_KeepsItsDataAndItsLatestIdleWindow()
    {
        // Arrange: a use within the persist slack (a minute) is not written; the stop must store it
        await using var grains = await GrainsCluster.StartAsync(GrainsClusterOptions.For(redis), output);
        var clock = grains.Clock;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var session = await client.CreateAsync();
        Assert.NotNull(await client.SetAsync(session, "cart", "3 items"));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.NotNull(await client.LoadAsync(session));
        var lastUse = clock.GetUtcNow();

        // Act
        var host = grains.SilosHosting(session).Single();
        await grains.Cluster.StopSiloAsync(host).DefaultTimeout();
        Assert.DoesNotContain(host, grains.Cluster.Silos);

        // Assert: just before the idle deadline of the last use (past that of the stored one), it loads elsewhere, with its data
        clock.Advance(Idle - TimeSpan.FromSeconds(1));
        var loaded = await client.LoadAsync(session);
        Assert.NotNull(loaded);
        Assert.Equal("3 items", loaded.Data["cart"]);
        Assert.Equal(lastUse + Idle - TimeSpan.FromSeconds(1), loaded.LastSeenAt);
        var newHost = grains.SilosHosting(session).Single();
        Assert.NotEqual(host.SiloAddress, newHost.SiloAddress);
        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);
    }

    [Fact]
    public async Task RevokeAll_WithASiloThatJoinedLate_ReachesSessionsOnEverySilo()
    {
        // Arrange: two silos, then a third; sign-ins through every entry point spread the sessions over all three
        await using var grains = await GrainsCluster.StartAsync(new GrainsClusterOptions { RedisConnectionString = redis.ConnectionString, Silos = 2 }, output);
        var joined = await grains.Cluster.StartAdditionalSiloAsync().DefaultTimeout();
        await grains.Cluster.WaitForLivenessToStabilizeAsync().DefaultTimeout();
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var entryPoints = grains.EveryEntryPoint;
        Assert.Equal(4, entryPoints.Count);
        var sessions = new List<TestSession>();
        for (var i = 0; i < 30; i++)
        {
            sessions.Add((await client.Through(entryPoints[i % entryPoints.Count]).SignInAsync(userId)).Session);
        }

        var hosts = sessions.Select(s => grains.SiloHosting(GrainsCluster.SessionId(s))?.SiloAddress).ToList();
        Assert.All(grains.Cluster.Silos, silo => Assert.Contains(silo.SiloAddress, hosts));
        Assert.Contains(joined.SiloAddress, hosts);

        // Act
        var revoked = await client.User(userId).RevokeAllAsync(null).DefaultTimeout();

        // Assert: none loads, through any entry point
        Assert.Equal(sessions.Count, revoked);
        foreach (var entryPoint in entryPoints)
        {
            var loads = await Task.WhenAll(sessions.Select(s => client.Through(entryPoint).LoadAsync(s))).DefaultTimeout();
            Assert.All(loads, Assert.Null);
        }

        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
    }
}
