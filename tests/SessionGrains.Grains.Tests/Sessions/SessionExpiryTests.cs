using Microsoft.Extensions.Logging;
using SessionGrains.Grains.Events;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// Sliding and absolute expiry on the grains' fake clock, in a cluster that keeps storage in memory (the embedded
/// default). Activations are not collected within a test (that runs on real time), so what ends a session is its own
/// deadline timer: each test waits for the timer's Expired event before it calls the session. The shared clock only
/// moves forward; each test reads it as it finds it.
/// </summary>
[Collection(MemoryClusterCollection.Name)]
public sealed class SessionExpiryTests(MemoryClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(1);

    [Fact]
    public async Task Session_UsedWithinEveryIdleWindow_OutlivesManyWindowsThenExpiresWhenIdle()
    {
        // Arrange
        var grains = fixture.Grains;
        var clock = grains.Clock;
        var logMark = grains.Logs.Mark();
        var client = new SessionClient(grains.Cluster.Client, Idle, TimeSpan.FromDays(1));
        var session = await client.CreateAsync();

        // Act / Assert: used every three quarters of a window, six times (four and a half windows in all)
        for (var i = 0; i < 6; i++)
        {
            clock.Advance(Idle * 3 / 4);
            var snapshot = await client.LoadAsync(session);
            Assert.NotNull(snapshot);
            Assert.Equal(clock.GetUtcNow(), snapshot.LastSeenAt);
            Assert.Equal(clock.GetUtcNow() + Idle, snapshot.IdleExpiresAt);
        }

        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);

        // Act: idle for a whole window
        clock.Advance(Idle);

        // Assert: the timer ended it without any call, then it loads nothing
        await AssertExpiredAsync(grains, client, session, SessionEndReason.Idle);
        Assert.DoesNotContain(grains.Logs.Since(logMark), e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Session_IdleForItsTimeout_IsEndedByItsTimerAtTheDeadline()
    {
        // Arrange
        var grains = fixture.Grains;
        var clock = grains.Clock;
        var logMark = grains.Logs.Mark();
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var session = await client.CreateAsync();

        // Act / Assert: one millisecond before the deadline it is alive (a summary does not slide it)
        clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await client.GetSummaryAsync(session));
        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);

        // Act / Assert: at the deadline, its timer ends it
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await AssertExpiredAsync(grains, client, session, SessionEndReason.Idle);
        Assert.DoesNotContain(grains.Logs.Since(logMark), e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Session_UsedEveryHalfIdleWindow_StillEndsAtItsAbsoluteDeadline()
    {
        // Arrange: a signed-in session, so its user's list is checked too
        var grains = fixture.Grains;
        var clock = grains.Clock;
        var logMark = grains.Logs.Mark();
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var signIn = await client.SignInAsync(userId);
        var session = signIn.Session;
        var absoluteDeadline = signIn.Result.Session!.CreatedAt + Absolute;

        // Act / Assert: used every half window up to the absolute deadline, it lives on
        SessionSnapshot? last = null;
        for (var used = Idle / 2; used < Absolute; used += Idle / 2)
        {
            clock.Advance(Idle / 2);
            last = await client.LoadAsync(session);
            Assert.NotNull(last);
            Assert.Equal(absoluteDeadline, last.AbsoluteExpiresAt);
        }

        Assert.NotNull(last);
        Assert.True(last.IdleExpiresAt > absoluteDeadline, "The session was used recently enough that only the absolute deadline can end it.");
        Assert.Equal([session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());

        // Act: reach the absolute deadline
        clock.Advance(absoluteDeadline - clock.GetUtcNow());

        // Assert
        var expired = await AssertExpiredAsync(grains, client, session, SessionEndReason.Absolute);
        Assert.Equal(absoluteDeadline, expired.At);
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());

        // Assert: the user, whose record expired with its last session, can sign in again
        var again = await client.SignInAsync(userId);
        Assert.True(again.SignedIn);
        Assert.Equal([again.Session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());
        Assert.DoesNotContain(grains.Logs.Since(logMark), e => e.Level >= LogLevel.Error);
    }

    /// <summary>Waits for the session's Expired event, checks its reason, and that the session then loads nothing.</summary>
    private static async Task<SessionEvent> AssertExpiredAsync(GrainsCluster grains, SessionClient client, TestSession session, SessionEndReason reason)
    {
        var expired = await grains.Events.WaitForAsync(session.PublicId, SessionEventKind.Expired);
        Assert.Equal(reason, expired.Reason);
        Assert.Null(await client.LoadAsync(session));
        Assert.Null(await client.GetSummaryAsync(session));
        return expired;
    }
}
