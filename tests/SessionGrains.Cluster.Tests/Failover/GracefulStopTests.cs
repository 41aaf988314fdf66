using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Failover;

[Collection(RedisCollection.Name)]
public sealed class GracefulStopTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task StopSilo_UnderLoad_NoCallFailsAndCountsAreExact()
    {
        // Arrange
        await using var cluster = await ClusterSetup.StartAsync(ClusterSetup.CreateOptions(redis, output: output), output);
        var load = CounterLoad.Start(cluster.Client, ClusterSetup.UniqueKeys("stop", 300), callers: 100);
        await load.WaitUntilEveryGrainAcknowledgedAsync();
        await load.WaitForMoreSuccessesAsync(1000);
        var leaving = cluster.Silos[0];
        var leavingGrains = leaving.Catalog.GetActivations().Select(g => g.Key).ToHashSet();
        Assert.NotEmpty(leavingGrains);

        // Act
        var stopwatch = Stopwatch.StartNew();
        await cluster.StopSiloAsync(leaving).DefaultTimeout();
        var stopTook = stopwatch.Elapsed;
        var afterStop = load.Now;
        await load.WaitForMoreSuccessesAsync(3000);
        await load.StopAsync();

        // Assert
        output.WriteLine($"Graceful stop of a silo with {leavingGrains.Count} grains took {stopTook.TotalMilliseconds:F0} ms; {load.Successes} increments acknowledged.");
        Assert.True(load.Failures.Count == 0, string.Join(Environment.NewLine, load.Failures.Take(10)));
        Assert.True(stopTook < TimeSpan.FromSeconds(10), $"The stop took {stopTook}: something held the silo's listener open.");
        Assert.All(leavingGrains, key => Assert.Contains(load.Acknowledged(key), c => c.Started >= afterStop));
        await CounterAudit.AssertNoAcknowledgedIncrementLostAsync(load, cluster.Client, redis, exact: true, output);
        await cluster.WaitForStableViewAsync().DefaultTimeout();
        CounterAudit.AssertEachGrainActiveOnceOnItsOwner(cluster);
    }

    [Fact]
    public async Task StopSilo_WithRedisGone_StillStopsAndSaysItCouldNotAnnounceItsDeparture()
    {
        // Arrange: a cluster on a Redis of its own, which the test stops
        await using var ownRedis = await RedisServer.StartAsync().DefaultTimeout();
        var logs = new LogCapture(output);
        var options = new TestClusterOptions
        {
            InitialSilosCount = 1,
            RedisConnectionString = ownRedis.ConnectionString,
            ConfigureSilo = runtime => runtime.AddGrain<CounterGrain>(),
            ConfigureSiloServices = services => services.AddLogging(logging => logging.AddProvider(logs)),
        };
        await using var cluster = await ClusterSetup.StartAsync(options, output);
        Assert.Equal(1, await cluster.Client.GetGrain<ICounterGrain>("redis-gone").IncrementAsync().DefaultTimeout());
        await ownRedis.StopAsync().DefaultTimeout();

        // Act: a graceful stop, which cannot record the departure in Redis
        var stopwatch = Stopwatch.StartNew();
        await cluster.StopSiloAsync(cluster.Silos[0]).DefaultTimeout();
        output.WriteLine($"The silo stopped in {stopwatch.Elapsed.TotalSeconds:F1} s with Redis gone.");

        // Assert: it stopped, and said why the others will only notice by its missing heartbeats
        Assert.Empty(cluster.Silos);
        Assert.Contains(logs.Entries, e => e.EventId.Name == "SiloLeaveNotAnnounced");
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Name == "SiloLeft");
    }
}
