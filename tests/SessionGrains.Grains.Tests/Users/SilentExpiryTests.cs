using SessionGrains.Grains.Events;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests.Users;

/// <summary>
/// Signed-in sessions that end with no activation alive, by their record's TTL alone: their user grain drops them at
/// the time it was told their records last, on its own timer or woken by its reminder, and raises their one
/// <c>Expired</c> event. Redis expires keys on its real clock, so the records may still be there when the fake clock
/// has passed them; the user grain does not read them either way.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SilentExpiryTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    /// <summary>The persist slack of a 20-minute idle timeout: the default minute.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task SignedInSession_ExpiredWithNoActivation_LeavesItsUserAtItsStoredTimeWithOneExpiredEvent()
    {
        // Arrange: two sessions, activations gone; b is used once, 10 minutes in, so it is stored later than a
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var a = (await client.SignInAsync(userId)).Session;
        var b = (await client.SignInAsync(userId)).Session;
        var start = grains.Clock.GetUtcNow();
        grains.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.NotNull(await client.LoadAsync(b));
        await DeactivateAsync(a, b);

        // Act: past a's stored time (its idle deadline and the slack), not b's
        grains.Clock.SetUtcNow(start + Idle + Slack + TimeSpan.FromMilliseconds(1));
        var expired = await grains.Events.WaitForAsync(a.PublicId, SessionEventKind.Expired);

        // Assert: a is gone from the set, in memory and in Redis, and its event says why; b stays
        Assert.Equal(SessionEndReason.Idle, expired.Reason);
        Assert.Equal(userId, expired.UserId);
        Assert.Equal([b.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());
        Assert.Equal([b.PublicId], (await fixture.Records.ReadUserAsync(userId))!.Sessions.Select(e => e.PublicId).ToArray());
        Assert.Empty(grains.SilosHosting(a));

        // Act: a's cookie comes back while its record is still in Redis (on Redis's real clock), then b's time passes
        Assert.Null(await client.LoadAsync(a));
        grains.Clock.Advance(TimeSpan.FromMinutes(12));
        await grains.Events.WaitForAsync(b.PublicId, SessionEventKind.Expired);

        // Assert: one Expired event each, and no user record left
        await Eventually.WaitUntilAsync(async () => await fixture.Records.ReadUserAsync(userId) is null, "the user record is gone");
        Assert.Single(grains.Events.Of(a.PublicId), e => e.Kind == SessionEventKind.Expired);
        Assert.Single(grains.Events.Of(b.PublicId), e => e.Kind == SessionEventKind.Expired);
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
    }

    [Fact]
    public async Task SignedInSession_PastItsAbsoluteDeadlineWhileItsUserIsInactive_IsDroppedByTheReminderAsAbsolute()
    {
        // Arrange: the absolute deadline comes before the idle one; neither the session nor its user is active
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Client, TimeSpan.FromHours(1), TimeSpan.FromMinutes(30));
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var signIn = await client.SignInAsync(userId);
        var session = signIn.Session;
        await DeactivateAsync(session);
        var user = GrainId.Create("user", userId);
        await grains.Cluster.DeactivateAsync(user).DefaultTimeout();
        Assert.Null(grains.SiloHosting(user));
        Assert.True(await HasReminderAsync(userId));

        // Act: past the deadline, and on: the reminder was beyond the reminder service's loading window, so a table
        // refresh (every 5 minutes of the same clock) loads it again before it ticks; the clock must keep moving
        grains.Clock.SetUtcNow(signIn.Result.Session!.AbsoluteExpiresAt + TimeSpan.FromMilliseconds(1));
        await Eventually.WaitUntilAsync(
            () =>
            {
                grains.Clock.Advance(TimeSpan.FromSeconds(1));
                return grains.Events.Of(session.PublicId).Any(e => e.Kind == SessionEventKind.Expired);
            },
            "the user grain's reminder dropped the session");
        var expired = grains.Events.Of(session.PublicId).First(e => e.Kind == SessionEventKind.Expired);

        // Assert: woken by its reminder, the user grain dropped the session, cleared its record and its reminder
        Assert.Equal(SessionEndReason.Absolute, expired.Reason);
        await Eventually.WaitUntilAsync(async () => await fixture.Records.ReadUserAsync(userId) is null, "the user record is gone");
        await Eventually.WaitUntilAsync(async () => !await HasReminderAsync(userId), "the user's reminder is gone");
        Assert.Single(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);
    }

    [Fact]
    public async Task SignIn_AtTheCapWhenTheOtherSessionExpiredUnseen_DoesNotCountIt()
    {
        // Arrange
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var first = await client.SignInAsync(userId, maxSessions: 1, policy: SessionCapPolicy.RefuseNew);
        await DeactivateAsync(first.Session);
        grains.Clock.Advance(Idle + Slack + TimeSpan.FromMilliseconds(1));

        // Act
        var second = await client.SignInAsync(userId, maxSessions: 1, policy: SessionCapPolicy.RefuseNew);

        // Assert
        Assert.True(second.SignedIn);
        Assert.Empty(second.Result.Evicted);
        Assert.Equal([second.Session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());
    }

    [Fact]
    public async Task SignedInSession_WhoseUpdateToItsUserWasLost_IsDroppedEarlyThenPutBackByItsNextUpdate()
    {
        // Arrange: the session is used 5 minutes in, and its update to the user grain is lost on the way
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var session = (await client.SignInAsync(userId)).Session;
        var start = grains.Clock.GetUtcNow();
        var logMark = grains.Logs.Mark();
        fixture.SiloFaults.Arm(userId, nameof(IUserGrain.SessionStoredAsync), new InvalidOperationException("lost on the way"));
        grains.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.NotNull(await client.LoadAsync(session));
        Assert.Equal(1, fixture.SiloFaults.Attempts(userId, nameof(IUserGrain.SessionStoredAsync)));

        // Act: the user grain's time for it passes, though its record lives on, and it is used again
        grains.Clock.SetUtcNow(start + Idle + Slack + TimeSpan.FromMilliseconds(1));
        await grains.Events.WaitForAsync(session.PublicId, SessionEventKind.Expired);
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
        Assert.NotNull(await client.LoadAsync(session));

        // Assert: its next update put it back, so "log out everywhere" still ends it
        await Eventually.WaitUntilAsync(
            async () => (await client.User(userId).ListSessionsAsync()).Any(s => s.PublicId == session.PublicId),
            "the session is back in its user's set");
        Assert.Contains(grains.Logs.Since(logMark), e => e.EventId.Name == "UserSessionRestored");
        Assert.Equal(1, await client.User(userId).RevokeAllAsync(null).DefaultTimeout());
        Assert.Null(await client.LoadAsync(session));
    }

    private async Task DeactivateAsync(params TestSession[] sessions)
    {
        foreach (var session in sessions)
        {
            await fixture.Grains.Cluster.DeactivateAsync(GrainsCluster.SessionId(session)).DefaultTimeout();
            Assert.Empty(fixture.Grains.SilosHosting(session));
        }
    }

    /// <summary>Whether Orleans' Redis reminder table holds a reminder of the user grain <paramref name="userId"/>.</summary>
    private async Task<bool> HasReminderAsync(string userId)
    {
        var entries = await fixture.Connection.GetDatabase().SortedSetRangeByRankAsync($"{fixture.Grains.ServiceId}/reminders").DefaultTimeout();
        return entries.Any(e => ((string?)e)!.Contains(userId, StringComparison.Ordinal));
    }
}
