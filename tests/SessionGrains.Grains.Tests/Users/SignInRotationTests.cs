using System.Collections.Immutable;
namespace SessionGrains.Grains.Tests.Users;

/// <summary>Sign-in rotates the session id and keeps the data (session fixation); proofs guard every session.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SignInRotationTests(RedisClusterFixture fixture)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    [Fact]
    public async Task SignIn_FromAnonymousSessionWithData_MovesTheDataAndRetiresTheOldKey()
    {
        // Arrange
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var anonymous = await client.CreateAsync();
        Assert.NotNull(await client.SetAsync(anonymous, "cart", "3 items"));
        Assert.Equal(2, await client.IncrementAsync(anonymous, "visits", 2));

        // Act
        var signIn = await client.SignInAsync(userId, current: anonymous);

        // Assert: the new session has a new key and id, the user, and the data
        Assert.True(signIn.SignedIn);
        var rotated = signIn.Session;
        Assert.NotEqual(anonymous.GrainKey, rotated.GrainKey);
        Assert.NotEqual(anonymous.PublicId, rotated.PublicId);
        var expectedData = ImmutableDictionary<string, string>.Empty.Add("cart", "3 items").Add("visits", "2");
        Assert.Equal(userId, signIn.Result.Session!.UserId);
        Assert.Equal(expectedData, signIn.Result.Session.Data);
        foreach (var entryPoint in grains.EveryEntryPoint)
        {
            var loaded = await client.Through(entryPoint).LoadAsync(rotated);
            Assert.NotNull(loaded);
            Assert.Equal(userId, loaded.UserId);
            Assert.Equal(expectedData, loaded.Data);
        }

        // Assert: the old secret's key resolves to nothing, whatever is asked of it
        Assert.Null(await client.LoadAsync(anonymous));
        Assert.Null(await client.IncrementAsync(anonymous, "visits"));
        Assert.Null(await client.SetAsync(anonymous, "cart", "stolen"));
        Assert.Null(await client.GetSummaryAsync(anonymous));
        Assert.Equal([rotated.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());

        // Assert: in Redis the old record is a data-less tombstone that says why it ended
        var old = await fixture.Records.ReadSessionAsync(anonymous.GrainKey);
        Assert.NotNull(old);
        Assert.Equal(SessionEndReason.Rotated, old.Ended);
        Assert.Null(old.Data);
    }

    [Fact]
    public async Task Session_WithAWrongProof_ServesNothingAndStaysIntact()
    {
        // Arrange
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var anonymous = await client.CreateAsync();
        var session = (await client.SignInAsync(userId, current: anonymous)).Session;
        Assert.Equal(1, await client.IncrementAsync(session, "n"));
        var other = await client.CreateAsync();
        var value = session.Proof.Value;
        SessionProof[] wrongProofs =
        [
            other.Proof,
            anonymous.Proof,
            new(value[..^1] + (value[^1] == 'A' ? 'B' : 'A')),
            new(value[..^1]),
            new(value + "A"),
            new(""),
            new(session.GrainKey),
            new(session.PublicId),
        ];
        var grain = client.Grain(session);
        var successor = TestSession.New();

        // Act / Assert
        foreach (var proof in wrongProofs)
        {
            Assert.Null(await grain.LoadAsync(proof).DefaultTimeout());
            Assert.Null(await grain.IncrementAsync(proof, "n", 100).DefaultTimeout());
            Assert.Null(await grain.ApplyAsync(proof, new SessionChangeSet(ImmutableDictionary<string, string>.Empty.Add("n", "x"), [])).DefaultTimeout());
            Assert.Null(await grain.RotateAsync(proof, successor.GrainKey, client.Request(successor), "attacker").DefaultTimeout());
            Assert.False(await grain.SignOutAsync(proof).DefaultTimeout());
        }

        // Assert: the session is untouched, and the rotation target was never created
        var loaded = await client.LoadAsync(session);
        Assert.NotNull(loaded);
        Assert.Equal("1", loaded.Data["n"]);
        Assert.Equal(userId, loaded.UserId);
        Assert.Null(await client.GetSummaryAsync(successor));
        Assert.Contains(grains.Logs.Entries, e => e.EventId.Name == "SessionProofMismatch" && e.Message.Contains(session.PublicId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignIn_PresentingAnotherSessionsKeyWithAWrongProof_TakesNothingFromIt()
    {
        // Arrange: the victim's grain key is known (say, from a log), its proof is not
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var victim = await client.CreateAsync();
        Assert.NotNull(await client.SetAsync(victim, "secret-note", "mine"));
        var attacker = TestSession.New();
        var newSession = TestSession.New();
        var request = new SignInRequest(newSession.GrainKey, client.Request(newSession), victim.GrainKey, attacker.Proof, 0, SessionCapPolicy.EvictOldest);

        // Act
        var result = await client.User("user-" + Guid.NewGuid().ToString("n")).SignInAsync(request).DefaultTimeout();

        // Assert: a fresh, empty session; the victim's session goes on, with its data
        Assert.Equal(SignInStatus.SignedIn, result.Status);
        Assert.Empty(result.Session!.Data);
        var victimSession = await client.LoadAsync(victim);
        Assert.NotNull(victimSession);
        Assert.Equal("mine", victimSession.Data["secret-note"]);
        Assert.Null(victimSession.UserId);
    }

    [Fact]
    public async Task SignIn_PresentingTheUsersOwnSessionWithAWrongProof_KeepsThatSessionListedAndRevocable()
    {
        // Arrange: the user has a session; a sign-in names it as current but cannot prove it
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var own = (await client.SignInAsync(userId)).Session;
        var newSession = TestSession.New();
        var request = new SignInRequest(newSession.GrainKey, client.Request(newSession), own.GrainKey, TestSession.New().Proof, 0, SessionCapPolicy.EvictOldest);

        // Act
        var result = await client.User(userId).SignInAsync(request).DefaultTimeout();

        // Assert: a fresh session besides the old one, which stays in the list, so "log out everywhere" reaches it
        Assert.Equal(SignInStatus.SignedIn, result.Status);
        var listed = await client.User(userId).ListSessionsAsync().DefaultTimeout();
        Assert.Equal(new[] { own.PublicId, result.Session!.PublicId }.Order(), listed.Select(s => s.PublicId).Order());
        Assert.Equal(2, await client.User(userId).RevokeAllAsync(null).DefaultTimeout());
        Assert.Null(await client.LoadAsync(own));
    }
}
