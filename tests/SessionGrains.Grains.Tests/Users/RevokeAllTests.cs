using SessionGrains.Grains.Events;
namespace SessionGrains.Grains.Tests.Users;

/// <summary>"Log out everywhere": once the user grain answers, no session of the user loads from anywhere.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RevokeAllTests(RedisClusterFixture fixture, Xunit.Abstractions.ITestOutputHelper output)
{
    private const int SessionCount = 200;
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);

    [Fact]
    public async Task RevokeAll_TwoHundredSessionsOnThreeSilos_NoneLoadsFromAnySiloOnceItReturns()
    {
        // Arrange: 200 sign-ins of one user, sent through every entry point at once
        var grains = fixture.Grains;
        var entryPoints = grains.EveryEntryPoint;
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var signIns = await Task.WhenAll(Enumerable.Range(0, SessionCount)
            .Select(i => Task.Run(async () =>
            {
                // Orleans places a new grain on its caller's silo: each sign-in rotates an anonymous session started
                // through its entry point, so the signed-in sessions spread where their visitors arrived.
                var through = client.Through(entryPoints[i % entryPoints.Count]);
                return await through.SignInAsync(userId, current: await through.CreateAsync());
            }))).DefaultTimeout();
        Assert.All(signIns, s => Assert.True(s.SignedIn));
        var sessions = signIns.Select(s => s.Session).ToList();
        Assert.Equal(SessionCount, (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Length);

        // Arrange: their activations are spread over the three silos
        var hosts = sessions.Select(s => grains.SiloHosting(GrainsCluster.SessionId(s))?.SiloAddress).ToList();
        var perSilo = grains.Cluster.Silos.Select(silo => hosts.Count(h => silo.SiloAddress.Equals(h))).ToList();
        output.WriteLine($"Session activations per silo: {string.Join(", ", perSilo)}");
        Assert.Equal(3, perSilo.Count);
        Assert.All(perSilo, count => Assert.True(count > 0, $"Every silo hosts some of the sessions: {string.Join(", ", perSilo)}"));
        Assert.Equal(SessionCount, perSilo.Sum());

        // Act
        var revoked = await client.User(userId).RevokeAllAsync(null).DefaultTimeout();

        // Assert: every session had ended before the user grain answered
        var endedWhenItReturned = sessions.Count(s => grains.Events.Of(s.PublicId).Any(e => e.Kind == SessionEventKind.Revoked && e.Reason == SessionEndReason.Revoked));
        Assert.Equal(SessionCount, revoked);
        Assert.Equal(SessionCount, endedWhenItReturned);

        // Assert: through every silo and the client, none of them loads
        var loads = await Task.WhenAll(entryPoints.SelectMany(e => sessions.Select(s => client.Through(e).LoadAsync(s)))).DefaultTimeout();
        Assert.Equal(SessionCount * entryPoints.Count, loads.Length);
        Assert.All(loads, Assert.Null);
        Assert.Empty(await client.User(userId).ListSessionsAsync().DefaultTimeout());
        foreach (var session in sessions)
        {
            var stored = await fixture.Records.ReadSessionAsync(session.GrainKey);
            Assert.NotNull(stored);
            Assert.Equal(SessionEndReason.Revoked, stored.Ended);
        }
    }

    [Fact]
    public async Task RevokeAll_ExceptTheCurrentSession_KeepsOnlyThatOne()
    {
        // Arrange
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var sessions = new List<TestSession>();
        for (var i = 0; i < 5; i++)
        {
            sessions.Add((await client.SignInAsync(userId)).Session);
        }

        var current = sessions[2];

        // Act
        var revoked = await client.User(userId).RevokeAllAsync(current.PublicId).DefaultTimeout();

        // Assert
        Assert.Equal(4, revoked);
        Assert.NotNull(await client.LoadAsync(current));
        foreach (var other in sessions.Where(s => s != current))
        {
            Assert.Null(await client.LoadAsync(other));
        }

        Assert.Equal([current.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());
    }
}
