using SessionGrains.Grains.Sessions;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// After every write the session key's PEXPIRETIME is the session's deadline: the idle deadline plus the persist
/// slack (a tenth of the idle timeout, at most a minute), capped by the absolute one; a tombstone keeps its reason for
/// the retention. The user's record expires with its last session's absolute deadline. Exact, on the fake clock.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SessionTtlTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData(480)]
    [InlineData(10)]
    public async Task SessionKey_AfterEveryWrite_ExpiresAtTheIdleDeadlinePlusSlackCappedByTheAbsoluteOne(int absoluteMinutes)
    {
        // Arrange
        var clock = fixture.Grains.Clock;
        var records = fixture.Records;
        var client = new SessionClient(fixture.Grains.Client, Idle, TimeSpan.FromMinutes(absoluteMinutes));
        var userId = "user-" + Guid.NewGuid().ToString("n");

        // Act / Assert: created
        var signIn = await client.SignInAsync(userId);
        var session = signIn.Session;
        var key = records.SessionKey(session.GrainKey);
        var absolute = signIn.Result.Session!.AbsoluteExpiresAt;
        Assert.Equal(absolute, signIn.Result.Session.CreatedAt + TimeSpan.FromMinutes(absoluteMinutes));
        Assert.Equal(Deadline(clock.GetUtcNow()), await records.ExpireTimeAsync(key));
        Assert.Equal(absolute.ToUnixTimeMilliseconds(), await records.ExpireTimeAsync(records.UserKey(userId)));

        // Act / Assert: incremented five minutes later
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await client.IncrementAsync(session, "n"));
        var lastWrite = clock.GetUtcNow();
        Assert.Equal(Deadline(lastWrite), await records.ExpireTimeAsync(key));

        // Act / Assert: a load within the slack writes nothing; one beyond it writes
        clock.Advance(Slack / 2);
        Assert.NotNull(await client.LoadAsync(session));
        Assert.Equal(Deadline(lastWrite), await records.ExpireTimeAsync(key));
        clock.Advance(Slack);
        var loaded = await client.LoadAsync(session);
        Assert.NotNull(loaded);
        Assert.Equal(clock.GetUtcNow(), loaded.LastSeenAt);
        Assert.Equal(Deadline(clock.GetUtcNow()), await records.ExpireTimeAsync(key));

        // Act / Assert: data set
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await client.SetAsync(session, "cart", "3 items"));
        Assert.Equal(Deadline(clock.GetUtcNow()), await records.ExpireTimeAsync(key));

        // Act / Assert: revoked, it is a tombstone kept for the retention (10 minutes), and the user's record goes
        Assert.True(await client.User(userId).RevokeAsync(session.PublicId).DefaultTimeout());
        Assert.Equal((clock.GetUtcNow() + new SessionGrainOptions().TombstoneRetention).ToUnixTimeMilliseconds(), await records.ExpireTimeAsync(key));
        Assert.Equal(SessionEndReason.Revoked, (await records.ReadSessionAsync(session.GrainKey))?.Ended);
        Assert.False(await records.Database.KeyExistsAsync(records.UserKey(userId)).DefaultTimeout());

        long Deadline(DateTimeOffset lastSeen) => Math.Min((lastSeen + Idle + Slack).ToUnixTimeMilliseconds(), absolute.ToUnixTimeMilliseconds());
    }
}
