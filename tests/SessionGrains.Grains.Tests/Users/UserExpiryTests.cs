using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests.Users;

/// <summary>A user grain whose record expires, with its last session, while its activation lives on; on a fake clock.</summary>
public sealed class UserExpiryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(20);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(1);

    [Fact]
    public async Task SignIn_AfterTheUsersRecordExpiredUnderItsLiveActivation_SignsIn()
    {
        // Arrange: session activations are collected after a minute, user activations never; so the session ends by
        // its record's TTL alone, tells nobody, and the user's record (TTL: the session's absolute deadline) expires
        // under the user grain's activation
        var clock = new FakeTimeProvider();
        var options = GrainsCluster.CreateOptions(redis: null, clock);
        options.Configuration["SessionGrains:Runtime:Collection:CollectionAge"] = "1.00:00:00";
        options.Configuration["SessionGrains:Runtime:Collection:ClassSpecificCollectionAge:session"] = "00:01:00";
        await using var grains = await GrainsCluster.StartAsync(options, output);
        var client = new SessionClient(grains.Cluster.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var first = await client.SignInAsync(userId);
        clock.Advance(TimeSpan.FromMinutes(3));
        await Eventually.WaitUntilAsync(() => grains.SilosHosting(first.Session).Count == 0, "the session's activation was collected");
        clock.Advance(Absolute);

        // Act
        var second = await client.SignInAsync(userId);

        // Assert
        Assert.True(second.SignedIn);
        Assert.Null(await client.LoadAsync(first.Session));
        Assert.NotNull(await client.LoadAsync(second.Session));
        Assert.Equal([second.Session.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId));
        Assert.Empty(grains.Logs.Errors);
    }
}
