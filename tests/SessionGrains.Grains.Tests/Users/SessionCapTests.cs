namespace SessionGrains.Grains.Tests.Users;

/// <summary>The per-user cap holds however many sign-ins race: the user grain is their single writer.</summary>
[Collection(RedisClusterCollection.Name)]
public sealed class SessionCapTests(RedisClusterFixture fixture)
{
    private const int Cap = 3;
    private const int SignIns = 10;

    [Theory]
    [InlineData(SessionCapPolicy.EvictOldest)]
    [InlineData(SessionCapPolicy.RefuseNew)]
    public async Task SignIn_TenConcurrentAtACapOfThree_LeavesExactlyThreeLiveSessions(SessionCapPolicy policy)
    {
        // Arrange
        var grains = fixture.Grains;
        var entryPoints = grains.EveryEntryPoint;
        var client = new SessionClient(grains.Cluster.Client, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var logMark = grains.Logs.Mark();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Act
        var calls = Enumerable.Range(0, SignIns)
            .Select(i => Task.Run(async () =>
            {
                await start.Task;
                return await client.Through(entryPoints[i % entryPoints.Count]).SignInAsync(userId, maxSessions: Cap, policy: policy);
            }))
            .ToList();
        start.SetResult();
        var signIns = await Task.WhenAll(calls).DefaultTimeout();

        // Assert: the user lists three sessions, and exactly those three of the ten load
        var listed = (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToHashSet();
        Assert.Equal(Cap, listed.Count);
        var loads = await Task.WhenAll(signIns.Select(s => client.LoadAsync(s.Session))).DefaultTimeout();
        var live = signIns.Where((_, i) => loads[i] is not null).Select(s => s.Session.PublicId).ToHashSet();
        Assert.Equal(listed.Order(), live.Order());

        if (policy == SessionCapPolicy.EvictOldest)
        {
            Assert.All(signIns, s => Assert.True(s.SignedIn));
            var evicted = signIns.SelectMany(s => (IEnumerable<string>)s.Result.Evicted).ToList();
            Assert.Equal(SignIns - Cap, evicted.Count);
            Assert.Equal(signIns.Select(s => s.Session.PublicId).Order(), evicted.Concat(live).Order());
        }
        else
        {
            Assert.Equal(Cap, signIns.Count(s => s.SignedIn));
            Assert.Equal(SignIns - Cap, signIns.Count(s => s.Result.Status == SignInStatus.RefusedAtCap));
            Assert.Equal(signIns.Where(s => s.SignedIn).Select(s => s.Session.PublicId).Order(), live.Order());
            Assert.All(signIns.Where(s => !s.SignedIn), s => Assert.Null(s.Result.Session));
            Assert.Equal(SignIns - Cap, grains.Logs.Since(logMark).Count(e => e.EventId.Name == "SignInRefusedAtCap" && e.Message.Contains(userId, StringComparison.Ordinal)));
        }
    }
}
