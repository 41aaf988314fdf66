namespace SessionGrains.Grains.Tests.Users;

/// <summary>
/// A sign-in that fails between its steps: the new session is created, then the user grain's turn fails before it
/// stores its set, as a crash of its silo there would leave things. The set was stored with the new session first,
/// so the live session is counted by the cap and ended by "log out everywhere".
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SignInCrashTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    [Fact]
    public async Task SignIn_FailingAfterTheSessionWasCreated_LeavesTheSessionInItsUsersSet()
    {
        // Arrange
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var session = TestSession.New();
        fixture.SiloFaults.ArmAfterCall(session.GrainKey, nameof(ISessionGrain.CreateSignedInAsync), new InvalidOperationException("the silo crashed here"));

        // Act
        var failed = await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.User(userId).SignInAsync(new SignInRequest(session.GrainKey, client.Request(session), null, null, 0, SessionCapPolicy.EvictOldest)).DefaultTimeout());

        // Assert: the session lives, and its user knows it, in memory and in Redis
        Assert.Equal("the silo crashed here", failed.Message);
        Assert.Equal(1, fixture.SiloFaults.Sent(session.GrainKey, nameof(ISessionGrain.CreateSignedInAsync)));
        Assert.Equal(userId, (await client.LoadAsync(session))?.UserId);
        Assert.Equal([session.PublicId], (await fixture.Records.ReadUserAsync(userId))!.Sessions.Select(e => e.PublicId).ToArray());
        Assert.Equal([session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());

        // Assert: the cap counts it, and "log out everywhere" ends it
        var refused = await client.SignInAsync(userId, maxSessions: 1, policy: SessionCapPolicy.RefuseNew);
        Assert.Equal(SignInStatus.RefusedAtCap, refused.Result.Status);
        Assert.Equal(1, await client.User(userId).RevokeAllAsync(null).DefaultTimeout());
        Assert.Null(await client.LoadAsync(session));
    }

    [Fact]
    public async Task SignIn_FailingBeforeTheSessionWasCreated_LeavesAnEntryThatTheNextListDrops()
    {
        // Arrange: the call to create the session never reaches it
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var session = TestSession.New();
        fixture.SiloFaults.Arm(session.GrainKey, nameof(ISessionGrain.CreateSignedInAsync), new InvalidOperationException("the silo crashed here"));

        // Act
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => client.User(userId).SignInAsync(new SignInRequest(session.GrainKey, client.Request(session), null, null, 0, SessionCapPolicy.EvictOldest)).DefaultTimeout());

        // Assert: no session; the entry stored ahead of it is dropped once the user grain asks
        Assert.Equal(0, fixture.SiloFaults.Sent(session.GrainKey, nameof(ISessionGrain.CreateSignedInAsync)));
        Assert.Equal([session.PublicId], (await fixture.Records.ReadUserAsync(userId))!.Sessions.Select(e => e.PublicId).ToArray());
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
        Assert.Null(await client.LoadAsync(session));
        Assert.Null(await fixture.Records.ReadUserAsync(userId));
    }
}
