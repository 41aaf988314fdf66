using Microsoft.Extensions.Logging;

namespace SessionGrains.Grains.Tests.Users;

/// <summary>
/// A user grain whose record expires in Redis, with its last session, while its activation lives on: its ETag is then
/// stale, and it must read again rather than conflict. The expiry is Redis's (PEXPIREAT at the session's absolute
/// deadline, checked); since Redis expires keys on its real clock, the test deletes the keys once the fake clock has
/// passed that deadline, as Redis would then.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class UserExpiryTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(1);

    [Fact]
    public async Task SignIn_AfterTheUsersRecordExpiredUnderItsLiveActivation_SignsIn()
    {
        // Arrange: the session's activation is gone, so it ends by its record's TTL alone and tells nobody; the user's
        // activation stays
        var grains = fixture.Grains;
        var records = fixture.Records;
        var logMark = grains.Logs.Mark();
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var first = await client.SignInAsync(userId);
        var absolute = first.Result.Session!.AbsoluteExpiresAt.ToUnixTimeMilliseconds();
        Assert.Equal(absolute, await records.ExpireTimeAsync(records.UserKey(userId)));
        await grains.Cluster.DeactivateAsync(GrainsCluster.SessionId(first.Session)).DefaultTimeout();
        Assert.Empty(grains.SilosHosting(first.Session));
        Assert.NotNull(grains.SiloHosting(GrainId.Create("user", userId)));

        // Arrange: past the deadline, both keys are gone, as Redis's TTLs make them go (deleted before the clock moves,
        // or the user grain's own expiry timer would clear its record first)
        var past = grains.Clock.GetUtcNow() + Absolute + TimeSpan.FromMinutes(1);
        Assert.True(await records.ExpireTimeAsync(records.SessionKey(first.Session.GrainKey)) <= past.ToUnixTimeMilliseconds());
        Assert.True(await records.Database.KeyDeleteAsync(records.SessionKey(first.Session.GrainKey)).DefaultTimeout());
        Assert.True(await records.Database.KeyDeleteAsync(records.UserKey(userId)).DefaultTimeout());
        grains.Clock.SetUtcNow(past);

        // Act
        var second = await client.SignInAsync(userId);

        // Assert
        Assert.True(second.SignedIn);
        Assert.Null(await client.LoadAsync(first.Session));
        Assert.NotNull(await client.LoadAsync(second.Session));
        Assert.Equal([second.Session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());
        Assert.Equal([second.Session.PublicId], (await records.ReadUserAsync(userId))!.Sessions.Select(e => e.PublicId).ToArray());
        Assert.DoesNotContain(grains.Logs.Since(logMark), e => e.Level >= LogLevel.Error);
    }
}
