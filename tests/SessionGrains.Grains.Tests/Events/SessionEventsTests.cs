using SessionGrains.Grains.Events;

namespace SessionGrains.Grains.Tests.Events;

/// <summary>
/// An <see cref="ISessionEvents"/> observer registered on every silo sees each session's life, once, with the right
/// reasons. Real Redis; the expiries are the sessions' own timers, fired by advancing the grains' fake clock.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SessionEventsTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    [Fact]
    public async Task Observer_OnEverySilo_SeesEachKindOfEventWithItsReason()
    {
        // Arrange
        var grains = fixture.Grains;
        var logMark = grains.Logs.Mark();
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var events = grains.Events;
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var otherUserId = "user-" + Guid.NewGuid().ToString("n");

        // Act: create, sign in (rotating), sign out, revoke one, revoke all, evict at the cap
        var anonymous = await client.CreateAsync();
        var signedIn = (await client.SignInAsync(userId, current: anonymous)).Session;
        Assert.True(await client.Grain(signedIn).SignOutAsync(signedIn.Proof).DefaultTimeout());
        var revokedOne = (await client.SignInAsync(userId)).Session;
        Assert.True(await client.User(userId).RevokeAsync(revokedOne.PublicId).DefaultTimeout());
        var revokedAll = (await client.SignInAsync(userId)).Session;
        Assert.Equal(1, await client.User(userId).RevokeAllAsync(null).DefaultTimeout());
        var oldest = (await client.SignInAsync(otherUserId)).Session;
        var newest = await client.SignInAsync(otherUserId, maxSessions: 1, policy: SessionCapPolicy.EvictOldest);
        Assert.Equal(oldest.PublicId, Assert.Single(newest.Result.Evicted));

        // Act: one session left idle past a one-minute timeout, one past a one-minute absolute lifetime. (A minute, not
        // a second: Redis expires their keys on its real clock, and a loaded machine can take a second.)
        var idle = await new SessionClient(grains.Cluster.Client, TimeSpan.FromMinutes(1), Absolute).CreateAsync();
        var aged = await new SessionClient(grains.Cluster.Client, Idle, TimeSpan.FromMinutes(1)).CreateAsync();
        grains.Clock.Advance(TimeSpan.FromMinutes(2));
        await events.WaitForAsync(idle.PublicId, SessionEventKind.Expired);
        await events.WaitForAsync(aged.PublicId, SessionEventKind.Expired);

        // Assert: each session's events, in order, with their reasons and users
        AssertEvents(anonymous, (SessionEventKind.Created, null, null), (SessionEventKind.Rotated, SessionEndReason.Rotated, null));
        AssertEvents(signedIn, (SessionEventKind.SignedIn, null, userId), (SessionEventKind.SignedOut, SessionEndReason.SignedOut, userId));
        AssertEvents(revokedOne, (SessionEventKind.SignedIn, null, userId), (SessionEventKind.Revoked, SessionEndReason.Revoked, userId));
        AssertEvents(revokedAll, (SessionEventKind.SignedIn, null, userId), (SessionEventKind.Revoked, SessionEndReason.Revoked, userId));
        AssertEvents(oldest, (SessionEventKind.SignedIn, null, otherUserId), (SessionEventKind.Revoked, SessionEndReason.Evicted, otherUserId));
        AssertEvents(newest.Session, [(SessionEventKind.SignedIn, null, otherUserId)]);
        AssertEvents(idle, (SessionEventKind.Created, null, null), (SessionEventKind.Expired, SessionEndReason.Idle, null));
        AssertEvents(aged, (SessionEventKind.Created, null, null), (SessionEventKind.Expired, SessionEndReason.Absolute, null));

        // Assert: an ended session raises nothing more when it is used again
        Assert.Null(await client.LoadAsync(idle));
        Assert.Null(await client.LoadAsync(aged));
        Assert.Null(await client.LoadAsync(anonymous));
        Assert.Equal(2, events.Of(idle.PublicId).Count);
        Assert.Equal(2, events.Of(aged.PublicId).Count);
        Assert.Equal(2, events.Of(anonymous.PublicId).Count);
        var logged = grains.Logs.Since(logMark);
        Assert.DoesNotContain(logged, e => e.EventId.Name == "SessionObserverFailed");
        Assert.DoesNotContain(logged, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);

        void AssertEvents(TestSession session, params (SessionEventKind Kind, SessionEndReason? Reason, string? UserId)[] expected) =>
            Assert.Equal(expected, events.Of(session.PublicId).Select(e => (e.Kind, e.Reason, e.UserId)).ToArray());
    }
}
