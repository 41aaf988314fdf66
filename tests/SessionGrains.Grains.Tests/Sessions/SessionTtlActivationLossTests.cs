using Orleans.Configuration;
using Orleans.Hosting;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Sessions;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// A session whose activation is gone still ends on time: its last write set its Redis key to expire at its deadline,
/// and Redis removes it on its real clock with no activation alive. The grains' fake clock is set to the real now once
/// the cluster is up and moves only a second, so the two clocks agree to that second. A cluster of its own per case:
/// one stops a silo, one shortens the session grain's collection age.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SessionTtlActivationLossTests(RedisFixture redis, ITestOutputHelper output)
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Slack = Idle / 10;

    [Theory]
    [InlineData(ActivationLoss.SiloStopped)]
    [InlineData(ActivationLoss.Deactivated)]
    [InlineData(ActivationLoss.Collected)]
    public async Task Session_WhoseActivationIsGone_EndsOnTimeThroughItsRedisTtl(ActivationLoss loss)
    {
        // Arrange
        await using var grains = await GrainsCluster.StartAsync(
            new GrainsClusterOptions
            {
                RedisConnectionString = redis.ConnectionString,
                ConfigureSilo = loss == ActivationLoss.Collected ? CollectIdleSessionsSoon : null,
            },
            output);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var records = grains.Records(connection.GetDatabase());
        var clock = grains.Clock;

        // The fake clock stood still while the cluster started (seconds): bring it to the real now, or Redis would
        // expire the key that much sooner than the grains think, possibly before idle collection has run.
        clock.SetUtcNow(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
        var client = new SessionClient(grains.Client, Idle, TimeSpan.FromMinutes(5));
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var session = (await client.SignInAsync(userId)).Session;
        var key = records.SessionKey(session.GrainKey);

        // Arrange: use it twice; the first use is beyond the slack and stored, the second is within it and is not
        clock.Advance(TimeSpan.FromSeconds(1));
        var stored = await client.LoadAsync(session);
        Assert.NotNull(stored);
        Assert.Equal((stored.IdleExpiresAt + Slack).ToUnixTimeMilliseconds(), await records.ExpireTimeAsync(key));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        var lastUse = await client.LoadAsync(session);
        Assert.NotNull(lastUse);
        Assert.Equal((stored.IdleExpiresAt + Slack).ToUnixTimeMilliseconds(), await records.ExpireTimeAsync(key));
        var deactivated = grains.Cluster.WaitForDeactivationAsync(GrainsCluster.SessionId(session));

        // Act
        if (loss == ActivationLoss.SiloStopped)
        {
            await grains.Cluster.StopSiloAsync(grains.SilosHosting(session).Single()).DefaultTimeout();
        }
        else if (loss == ActivationLoss.Deactivated)
        {
            await grains.Cluster.DeactivateAsync(GrainsCluster.SessionId(session)).DefaultTimeout();
        }

        await deactivated.DefaultTimeout();
        if (loss == ActivationLoss.Collected)
        {
            // Orleans' collector names what it collects (a trace line): it was idle collection, nothing else
            var grainId = GrainsCluster.SessionId(session).ToString();
            Assert.Contains(grains.Logs.Entries, e => e.Message.StartsWith("CollectActivations ", StringComparison.Ordinal) && e.Message.Contains(grainId, StringComparison.Ordinal));
        }

        // Assert: the deactivation stored the last use, so the key expires exactly when the session does
        var expected = (lastUse.IdleExpiresAt + Slack).ToUnixTimeMilliseconds();
        Assert.Equal(expected, await records.ExpireTimeAsync(key));
        Assert.Empty(grains.SilosHosting(session));

        // Assert: Redis removes the key then, with no activation to end the session
        await Eventually.WaitUntilAsync(async () => !await records.Database.KeyExistsAsync(key).DefaultTimeout(), "the session's key expired", TimeSpan.FromMinutes(1));
        Assert.True(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() >= expected - 1_000, "The key went no earlier than its deadline (the clocks agree within the second the fake one moved).");
        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);

        // Assert: it loads nothing and is not recreated, and its user's list drops it
        Assert.Null(await client.LoadAsync(session));
        Assert.Null(await client.GetSummaryAsync(session));
        Assert.False(await records.Database.KeyExistsAsync(key).DefaultTimeout());
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
        Assert.False(await records.Database.KeyExistsAsync(records.UserKey(userId)).DefaultTimeout());
    }

    /// <summary>
    /// Orleans collects an activation idle for its class's age at the first collection quantum after that (idleness on
    /// the real clock): with these, 3 to 4 s after its last call here, well before the session's 10 s.
    /// </summary>
    private static void CollectIdleSessionsSoon(ISiloBuilder silo) => silo.Configure<GrainCollectionOptions>(o =>
    {
        o.CollectionQuantum = TimeSpan.FromSeconds(1);
        o.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!] = TimeSpan.FromSeconds(2);
    });
}
