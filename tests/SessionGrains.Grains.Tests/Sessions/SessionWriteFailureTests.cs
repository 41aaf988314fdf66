using Microsoft.Extensions.DependencyInjection;

namespace SessionGrains.Grains.Tests.Sessions;

/// <summary>
/// A session's write fails because Redis is down: the caller is told, and the change is not stored later with the
/// next caller's. The activation is dropped, so once Redis is back the session is what Redis kept. The test owns its
/// redis-server (append-only, so the restart keeps the records) and its cluster.
/// </summary>
public sealed class SessionWriteFailureTests : IAsyncLifetime
{
    private RedisServer? _redis;
    private GrainsCluster? _grains;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync(appendOnly: true);
        _grains = await GrainsCluster.StartAsync(new GrainsClusterOptions { RedisConnectionString = _redis.ConnectionString, Silos = 1 });
    }

    public async Task DisposeAsync()
    {
        if (_redis is { IsRunning: false })
        {
            await _redis.StartAsync();
        }

        if (_grains is not null)
        {
            await _grains.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Increment_WhoseWriteFailed_IsNotStoredByTheNextWrite()
    {
        // Arrange
        var grains = _grains!;
        var client = new SessionClient(grains.Client, TimeSpan.FromMinutes(30), TimeSpan.FromHours(8));
        var session = await client.CreateAsync();
        Assert.Equal(1, await client.IncrementAsync(session, "n"));
        await _redis!.StopAsync().DefaultTimeout();

        // Act: the write fails and the caller is told; then Redis is back and the session is used again
        await Assert.ThrowsAnyAsync<Exception>(() => client.IncrementAsync(session, "n"));
        await _redis.StartAsync().DefaultTimeout();
        var connection = grains.Cluster.Silos[0].ServiceProvider.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        await Eventually.WaitUntilAsync(() => connection.IsConnected, "the silo is connected to Redis again");
        var next = await client.IncrementAsync(session, "n");

        // Assert: the failed increment is in neither the answer nor Redis
        Assert.Equal(2, next);
        await using var own = await _redis.ConnectAsync();
        Assert.Equal("2", (await grains.Records(own.GetDatabase()).ReadSessionAsync(session.GrainKey))!.Data!["n"]);
    }
}
