using SessionGrains.Grains.Events;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// Sliding and absolute expiry on a fake clock. The cluster keeps storage in memory, which honours record expiry by the
/// same fake clock (Redis would expire keys by its real one). Activations are never collected here, so what ends a
/// session is its own deadline timer: each test waits for the timer's Expired event before it calls the session.
/// </summary>
public sealed class SessionExpiryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(1);

    [Fact]
    public async Task Session_UsedWithinEveryIdleWindow_OutlivesManyWindowsThenExpiresWhenIdle()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var grains = await StartAsync(clock);
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
        Assert.Empty(grains.Logs.Errors);
    }

    [Fact]
    public async Task Session_IdleForItsTimeout_IsEndedByItsTimerAtTheDeadline()
    {
        // Arrange
        var clock = new FakeTimeProvider();
        await using var grains = await StartAsync(clock);
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var session = await client.CreateAsync();

        // Act / Assert: one millisecond before the deadline it is alive (a summary does not slide it)
        clock.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.NotNull(await client.GetSummaryAsync(session));
        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);

        // Act / Assert: at the deadline, its timer ends it
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await AssertExpiredAsync(grains, client, session, SessionEndReason.Idle);
        Assert.Empty(grains.Logs.Errors);
    }

    [Fact]
    public async Task Session_UsedAfterItsStoredExpiryButWithinItsIdleWindow_IsStillAlive()
    {
        // Arrange: a use within the persist slack (a minute) is not written, so the stored record expires at the first
        // deadline while the activation holds a later one
        var clock = new FakeTimeProvider();
        await using var grains = await StartAsync(clock);
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var session = await client.CreateAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var used = await client.LoadAsync(session);
        Assert.NotNull(used);

        // Act: come back after the stored record's expiry, but within the idle timeout of the last use
        clock.Advance(Idle - TimeSpan.FromSeconds(20));
        var snapshot = await client.LoadAsync(session);

        // Assert: still alive, and stored again, so it survives the loss of its activation
        Assert.NotNull(snapshot);
        Assert.Equal(clock.GetUtcNow() + Idle, snapshot.IdleExpiresAt);
        await grains.Cluster.StopSiloAsync(grains.SilosHosting(session).Single()).DefaultTimeout();
        clock.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.NotNull(await client.LoadAsync(session));
        Assert.DoesNotContain(grains.Events.Of(session.PublicId), e => e.Kind == SessionEventKind.Expired);
        Assert.Empty(grains.Logs.Errors);
    }

    [Fact]
    public async Task Session_UsedEveryHalfIdleWindow_StillEndsAtItsAbsoluteDeadline()
    {
        // Arrange: a signed-in session, so its user's list is checked too
        var clock = new FakeTimeProvider();
        await using var grains = await StartAsync(clock);
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
        Assert.Equal([session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId));

        // Act: reach the absolute deadline
        clock.Advance(absoluteDeadline - clock.GetUtcNow());

        // Assert
        var expired = await AssertExpiredAsync(grains, client, session, SessionEndReason.Absolute);
        Assert.Equal(absoluteDeadline, expired.At);
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());

        // Assert: the user, whose record expired with its last session, can sign in again
        var again = await client.SignInAsync(userId);
        Assert.True(again.SignedIn);
        Assert.Equal([again.Session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId));
        Assert.Empty(grains.Logs.Errors);
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

    private Task<GrainsCluster> StartAsync(FakeTimeProvider clock)
    {
        var options = GrainsCluster.CreateOptions(redis: null, clock);
        options.Configuration["SessionGrains:Runtime:Collection:CollectionAge"] = "1.00:00:00";
        return GrainsCluster.StartAsync(options, output);
    }
}
