namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>One session, many concurrent requests from every front door: the grain is the single writer.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SessionConcurrencyTests(RedisClusterFixture fixture)
{
    private const int Increments = 1000;

    [Fact]
    public async Task Increment_ThousandConcurrentThroughEverySiloAndTheClient_LosesNone()
    {
        // Arrange
        var grains = fixture.Grains;
        var client = new SessionClient(grains.Cluster.Client, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
        var session = await client.CreateAsync();
        var entryPoints = grains.EveryEntryPoint;
        Assert.Equal(4, entryPoints.Count);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Act: every call waits for the same start, then goes through one of the four entry points
        var calls = Enumerable.Range(0, Increments)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await entryPoints[i % entryPoints.Count].GetGrain<ISessionGrain>(session.GrainKey).IncrementAsync(session.Proof, "hits", 1);
            }))
            .ToList();
        start.SetResult();
        var sums = await Task.WhenAll(calls).DefaultTimeout();

        // Assert: each call saw a different count, none was lost, and Redis holds the last
        Assert.Equal(Enumerable.Range(1, Increments).Select(i => (long?)i).ToArray(), sums.Order().ToArray());
        var snapshot = await client.LoadAsync(session);
        Assert.NotNull(snapshot);
        Assert.Equal("1000", snapshot.Data["hits"]);
        var stored = await fixture.Records.ReadSessionAsync(session.GrainKey);
        Assert.NotNull(stored);
        Assert.Equal("1000", stored.Data?["hits"]);
        Assert.Single(grains.SilosHosting(session));
    }
}
