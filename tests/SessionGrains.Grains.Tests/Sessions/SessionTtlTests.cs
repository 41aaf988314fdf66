using SessionGrains.Grains.Events;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// A session whose activation is gone still ends on time: every write sets its Redis key's expiry to its earliest
/// deadline. Real Redis, real time, a two-second idle timeout (so a persist slack of 200 ms).
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class SessionTtlTests(RedisFixture redis, ITestOutputHelper output)
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Absolute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task SessionKey_AlwaysExpiresAtTheEarliestDeadline_ThenKeepsTheTombstoneForItsRetention()
    {
        // Arrange: an absolute deadline (1 min) before the idle one (30 min)
        await using var grains = await GrainsCluster.StartAsync(GrainsCluster.CreateOptions(redis), output);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var database = connection.GetDatabase();
        var client = new SessionClient(grains.Cluster.Client, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var signIn = await client.SignInAsync(userId);
        var key = StoredRecords.SessionKey(signIn.Session.GrainKey);
        var absolute = signIn.Result.Session!.AbsoluteExpiresAt.ToUnixTimeMilliseconds();

        // Act / Assert: created, then written to, its key expires at the absolute deadline; so does its user's record
        Assert.Equal(absolute, await StoredRecords.ExpireTimeAsync(database, key));
        Assert.Equal(1, await client.IncrementAsync(signIn.Session, "n"));
        Assert.Equal(absolute, await StoredRecords.ExpireTimeAsync(database, key));
        Assert.Equal(absolute, await StoredRecords.ExpireTimeAsync(database, StoredRecords.UserKey(userId)));

        // Act / Assert: revoked, it is a tombstone kept for the retention (10 minutes by default), past the deadline
        var before = DateTimeOffset.UtcNow;
        Assert.True(await client.User(userId).RevokeAsync(signIn.Session.PublicId).DefaultTimeout());
        var tombstoneExpiry = await StoredRecords.ExpireTimeAsync(database, key);
        Assert.InRange(tombstoneExpiry, (before + TimeSpan.FromMinutes(10)).ToUnixTimeMilliseconds(), (DateTimeOffset.UtcNow + TimeSpan.FromMinutes(10)).ToUnixTimeMilliseconds());
        Assert.False(await database.KeyExistsAsync(StoredRecords.UserKey(userId)).DefaultTimeout());
    }

    [Theory]
    [InlineData(ActivationLoss.SiloKilled)]
    [InlineData(ActivationLoss.SiloStopped)]
    [InlineData(ActivationLoss.Collected)]
    public async Task Session_WhoseActivationIsGone_EndsOnTimeThroughItsRedisTtl(ActivationLoss loss)
    {
        // Arrange
        var options = GrainsCluster.CreateOptions(redis);
        if (loss == ActivationLoss.Collected)
        {
            options.Configuration["SessionGrains:Runtime:Collection:ClassSpecificCollectionAge:session"] = "00:00:00.5";
            options.Configuration["SessionGrains:Runtime:Collection:CollectionQuantum"] = "00:00:00.1";
        }

        await using var grains = await GrainsCluster.StartAsync(options, output);
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var database = connection.GetDatabase();
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var signIn = await client.SignInAsync(userId);
        var session = signIn.Session;
        var key = StoredRecords.SessionKey(session.GrainKey);
        Assert.Equal(signIn.Result.Session!.IdleExpiresAt.ToUnixTimeMilliseconds(), await StoredRecords.ExpireTimeAsync(database, key));

        // Arrange: half a window later, use it twice; the first use is stored (beyond the slack), the second is not
        await Eventually.WaitUntilAsync(async () => await database.KeyTimeToLiveAsync(key).DefaultTimeout() < Idle / 2, "half the idle window has passed");
        var stored = await client.LoadAsync(session);
        Assert.NotNull(stored);
        Assert.Equal(stored.IdleExpiresAt.ToUnixTimeMilliseconds(), await StoredRecords.ExpireTimeAsync(database, key));
        var logMark = grains.Logs.Lines.Count;
        var lastUse = await client.LoadAsync(session);
        Assert.NotNull(lastUse);
        var storedBeforeLoss = await StoredRecords.ExpireTimeAsync(database, key);

        // Act
        switch (loss)
        {
            case ActivationLoss.SiloKilled:
                await grains.Cluster.KillSiloAsync(grains.SilosHosting(session).Single()).DefaultTimeout();
                break;
            case ActivationLoss.SiloStopped:
                await grains.Cluster.StopSiloAsync(grains.SilosHosting(session).Single()).DefaultTimeout();
                break;
            case ActivationLoss.Collected:
                // The activation leaves the catalog before its deactivation stores the last use; wait for the end.
                var deactivated = $"[GrainDeactivated] Deactivated session/{session.GrainKey}: ActivationIdle";
                await Eventually.WaitUntilAsync(() => grains.Logs.Lines.Skip(logMark).Any(line => line.Contains(deactivated, StringComparison.Ordinal)), "the session's activation was collected");
                break;
        }

        // Assert: a crash loses at most the unstored use (ending the session up to the slack early, never late); a
        // deactivation stores the last use, so the key expires exactly when the session does
        var expected = loss == ActivationLoss.SiloKilled ? storedBeforeLoss : lastUse.IdleExpiresAt.ToUnixTimeMilliseconds();
        Assert.Equal(expected, await StoredRecords.ExpireTimeAsync(database, key));
        Assert.InRange(expected, stored.IdleExpiresAt.ToUnixTimeMilliseconds(), lastUse.IdleExpiresAt.ToUnixTimeMilliseconds());
        Assert.Empty(grains.SilosHosting(session));

        // Assert: the key goes at that time, with no activation to expire it
        await Eventually.WaitUntilAsync(async () => !await database.KeyExistsAsync(key).DefaultTimeout(), "the session's key expired", Idle * 3);
        var goneAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.InRange(goneAt, expected, expected + 1_500);
        Assert.Empty(grains.SilosHosting(session));
        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);

        // Assert: it loads nothing, and its user's list drops it
        await grains.Cluster.WaitForStableViewAsync().DefaultTimeout();
        Assert.Null(await client.LoadAsync(session));
        Assert.Null(await client.GetSummaryAsync(session));
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
        Assert.False(await database.KeyExistsAsync(StoredRecords.UserKey(userId)).DefaultTimeout());
    }
}
