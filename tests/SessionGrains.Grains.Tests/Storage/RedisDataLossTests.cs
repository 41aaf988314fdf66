using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StackExchange.Redis;

namespace SessionGrains.Grains.Tests.Storage;

/// <summary>
/// Redis loses its data under a running cluster: a <c>FLUSHALL</c>, or a failover to a replica that is empty (here a
/// restart without persistence on the same port, which is what the cluster sees of one). Sessions whose records went
/// end: the next write of a live activation conflicts, Orleans drops it, and the next call finds no session. Nothing
/// is recreated from memory, and no session ever reads another's state. Each test owns its redis-server and cluster.
/// </summary>
public sealed class RedisDataLossTests : IAsyncLifetime
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan Absolute = TimeSpan.FromHours(8);
    private RedisServer? _redis;
    private GrainsCluster? _grains;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _grains = await GrainsCluster.StartAsync(new GrainsClusterOptions { RedisConnectionString = _redis.ConnectionString, Silos = 2 });
    }

    public async Task DisposeAsync()
    {
        if (_grains is not null)
        {
            await _grains.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    public static TheoryData<DataLoss> Losses => [DataLoss.FlushAll, DataLoss.EmptyReplica];

    [Theory]
    [MemberData(nameof(Losses))]
    public async Task Sessions_AfterRedisLostTheirRecords_EndAtTheirNextWriteAndAreNeverRecreated(DataLoss loss)
    {
        // Arrange: an anonymous and a signed-in session with data, both active
        var grains = _grains!;
        var client = new SessionClient(grains.Client, Idle, Absolute);
        var userId = "user-" + Guid.NewGuid().ToString("n");
        var anonymous = await client.CreateAsync();
        Assert.Equal(5, await client.IncrementAsync(anonymous, "n", 5));
        var signedIn = (await client.SignInAsync(userId)).Session;
        Assert.NotNull(await client.SetAsync(signedIn, "cart", "3 items"));

        // Act
        await LoseDataAsync(loss);

        // Assert: each session's next write conflicts; then it is over, and stays over
        await using var connection = await _redis!.ConnectAsync();
        foreach (var session in new[] { anonymous, signedIn })
        {
            await Assert.ThrowsAsync<InconsistentStateException>(() => client.IncrementAsync(session, "n"));
            Assert.Null(await client.LoadAsync(session));
            Assert.Null(await client.IncrementAsync(session, "n"));
            Assert.Null(await grains.Records(connection.GetDatabase()).ReadSessionAsync(session.GrainKey));
        }

        // Assert: new sessions start empty, and the user signs in again (its set conflicted once, at most)
        var fresh = await client.CreateAsync();
        Assert.Equal(1, await client.IncrementAsync(fresh, "n"));
        var again = await SignInAgainAsync(client, userId);
        Assert.Empty((await client.LoadAsync(again))!.Data);
        Assert.Equal([again.PublicId], (await client.User(userId).ListSessionsAsync().DefaultTimeout()).Select(s => s.PublicId).ToArray());
    }

    private async Task LoseDataAsync(DataLoss loss)
    {
        if (loss == DataLoss.FlushAll)
        {
            await using var connection = await _redis!.ConnectAsync();
            await connection.GetServers().Single().FlushAllDatabasesAsync().DefaultTimeout();
        }
        else
        {
            await _redis!.StopAsync().DefaultTimeout();
            await _redis.StartAsync().DefaultTimeout();

            // What the loss does is the question here, not the outage: wait until every silo is connected again.
            var connections = _grains!.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IConnectionMultiplexer>()).ToList();
            await Eventually.WaitUntilAsync(() => connections.TrueForAll(c => c.IsConnected), "every silo is connected to the new Redis");
        }
    }

    /// <summary>Signs in; a user grain whose record went conflicts at its first write and is dropped, so one retry is allowed.</summary>
    private static async Task<TestSession> SignInAgainAsync(SessionClient client, string userId)
    {
        try
        {
            return (await client.SignInAsync(userId)).Session;
        }
        catch (InconsistentStateException)
        {
            return (await client.SignInAsync(userId)).Session;
        }
    }

    public enum DataLoss
    {
        FlushAll,
        EmptyReplica,
    }
}
