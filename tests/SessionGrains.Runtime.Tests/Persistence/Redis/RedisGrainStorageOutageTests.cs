using System.Diagnostics;
using System.Globalization;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Tests.Grains;

namespace SessionGrains.Runtime.Tests.Persistence.Redis;

/// <summary>
/// Redis failing under a running grain, with <c>SessionGrains:Redis:OperationTimeout</c> = 1 s. Each test owns its
/// redis-server, so stopping or pausing it disturbs no other test.
/// </summary>
public sealed class RedisGrainStorageOutageTests
{
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Write_WhileRedisIsStopped_FailsWithinOperationTimeoutAndSucceedsOnceRedisIsBack()
    {
        // Arrange: the activation has read its (absent) record, so the connection is up.
        await using var server = await RedisServer.StartAsync();
        await using var host = await StartHostAsync(server);
        var grain = host.GrainFactory.GetGrain<IStateGrain>("outage");
        await ActivateAsync(grain);
        await server.StopAsync().DefaultTimeout();

        // Act
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GrainStorageException>(() => grain.SetAsync("during outage", null).DefaultTimeout());
        stopwatch.Stop();

        // Assert: a clear error, within the operation timeout plus a margin.
        Assert.True(stopwatch.Elapsed < OperationTimeout + Margin, $"The failed write took {stopwatch.Elapsed}.");
        Assert.StartsWith("Redis ", error.Message);
        Assert.Contains("the write of state 'state' of test-state/outage", error.Message);

        // Once Redis is back, the multiplexer reconnects by itself and writes go through again.
        await server.StartAsync().DefaultTimeout();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                try
                {
                    await grain.SetAsync("after restart", null).DefaultTimeout();
                    return true;
                }
                catch (GrainStorageException)
                {
                    return false;
                }
            },
            "a write succeeds after Redis restarted");
        Assert.Equal("after restart", await grain.GetAsync().DefaultTimeout());
    }

    [Fact]
    public async Task Write_WhileRedisDoesNotAnswer_FailsWhenOperationTimeoutEnds()
    {
        // Arrange: Redis keeps the connection open but holds every command for five times the timeout, so only the
        // timeout can end the write.
        await using var server = await RedisServer.StartAsync();
        await using var host = await StartHostAsync(server);
        var grain = host.GrainFactory.GetGrain<IStateGrain>("unanswered");
        await ActivateAsync(grain);
        using var admin = await server.ConnectAsync().DefaultTimeout();
        await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", (OperationTimeout * 5).TotalMilliseconds.ToString(CultureInfo.InvariantCulture), "ALL").DefaultTimeout();

        // Act
        var stopwatch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<GrainStorageException>(() => grain.SetAsync("unanswered", null).DefaultTimeout());
        stopwatch.Stop();

        // Assert
        Assert.InRange(stopwatch.Elapsed, OperationTimeout - TimeSpan.FromMilliseconds(100), OperationTimeout + Margin);
        Assert.Equal($"Redis did not complete the write of state 'state' of test-state/unanswered within {OperationTimeout}.", error.Message);
        Assert.IsType<TimeoutException>(error.InnerException?.InnerException);
    }

    /// <summary>
    /// Activates <paramref name="grain"/>, reading its absent record. That first operation also connects, which on a
    /// loaded machine can outlast the 1 s timeout; activation is then retried like any failed activation.
    /// </summary>
    private static Task ActivateAsync(IStateGrain grain) => Eventually.WaitUntilAsync(
        async () =>
        {
            try
            {
                Assert.Null(await grain.GetAsync().DefaultTimeout());
                return true;
            }
            catch (GrainStorageException)
            {
                return false;
            }
        },
        "the grain is active, its record read from Redis");

    private static Task<RuntimeHost> StartHostAsync(RedisServer server) => RuntimeHost.StartAsync(
        r => r.AddGrain<StateGrain>().AddRedisGrainStorage(),
        configuration: new Dictionary<string, string?>
        {
            ["SessionGrains:Redis"] = server.ConnectionString,
            ["SessionGrains:Redis:OperationTimeout"] = OperationTimeout.ToString(),
        });
}
