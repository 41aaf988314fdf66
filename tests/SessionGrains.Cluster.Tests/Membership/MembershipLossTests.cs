using System.Diagnostics;
using SessionGrains.Runtime.Membership;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Membership;

/// <summary>Redis restarted without persistence: the membership keys are gone while every silo and client runs on.</summary>
[Collection(RedisCollection.Name)]
public sealed class MembershipLossTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task MembershipLostFromRedis_SilosRejoin_AndAKilledSiloIsStillFailedOver()
    {
        // Arrange: a cluster whose view version is well past its silo count, as after any membership churn.
        var options = ClusterSetup.CreateOptions(redis, silos: 4, output: output);
        await using var cluster = await ClusterSetup.StartAsync(options, output);
        await cluster.StopSiloAsync(cluster.Silos[3]).DefaultTimeout();
        await cluster.StartAdditionalSiloAsync().DefaultTimeout();
        await cluster.StopSiloAsync(cluster.Silos[3]).DefaultTimeout();
        await cluster.WaitForStableViewAsync().DefaultTimeout();
        var before = cluster.ClientView.Version;
        var keys = ClusterSetup.UniqueKeys("loss", 60);
        foreach (var key in keys)
        {
            await cluster.Client.GetGrain<ICounterGrain>(key).IncrementAsync().DefaultTimeout();
        }

        // Act: lose the membership keys; silos find themselves missing on their next heartbeat and join again.
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var database = connection.GetDatabase();
        var root = $"sg:cluster:{options.ClusterId}";
        await database.KeyDeleteAsync([$"{root}:silos", $"{root}:heartbeats", $"{root}:version", $"{root}:lastsweep"]).DefaultTimeout();
        await Eventually.WaitUntilAsync(
            async () => (await database.HashGetAllAsync($"{root}:silos")).Count(e => ((string?)e.Value)?.StartsWith("Active|", StringComparison.Ordinal) == true) == 3,
            "every silo joined the table again",
            TimeSpan.FromSeconds(10));
        await cluster.WaitForStableViewAsync(TimeSpan.FromSeconds(15)).DefaultTimeout();
        output.WriteLine($"View v{before} before the loss, v{cluster.ClientView.Version} after the silos joined again.");

        var victim = cluster.Silos[1];
        var victimAddress = victim.Address;
        var victimKeys = keys.Where(k => victim.Catalog.IsActive(new GrainId("counter", k))).ToList();
        Assert.NotEmpty(victimKeys);
        var killed = Stopwatch.GetTimestamp();
        await cluster.KillSiloAsync(victim).DefaultTimeout();
        await Task.WhenAll(victimKeys.Select(k => cluster.Client.GetGrain<ICounterGrain>(k).GetAsync())).WaitAsync(TimeSpan.FromSeconds(15));
        var servedAfter = Stopwatch.GetElapsedTime(killed);

        // Assert
        output.WriteLine($"The killed silo's grains were served again after {servedAfter.TotalMilliseconds:F0} ms.");
        Assert.True(servedAfter < TimeSpan.FromSeconds(5), $"Failover after the membership loss took {servedAfter}.");
        Assert.Equal(SiloStatus.Dead, cluster.ClientView.Find(victimAddress)?.Status);
        foreach (var key in keys)
        {
            Assert.Equal(2, await cluster.Client.GetGrain<ICounterGrain>(key).IncrementAsync().DefaultTimeout());
        }
    }
}
