using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Placement;

[Collection(RedisCollection.Name)]
public sealed class GrainDistributionTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task TenThousandGrains_OnThreeSilos_EachActiveOnceAndSpreadWithinTwentyPercent()
    {
        // Arrange
        await using var cluster = await ClusterSetup.StartAsync(ClusterSetup.CreateOptions(redis, output: output), output);
        var keys = ClusterSetup.UniqueKeys("spread", 10_000);

        // Act
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (key, _) =>
            Assert.Equal(key, await cluster.Client.GetGrain<ICounterGrain>(key).EchoAsync(key))).DefaultTimeout();

        // Assert
        var perSilo = cluster.Silos.Select(s => s.Catalog.GetActivations()).ToList();
        output.WriteLine("Activations per silo: " + string.Join(", ", perSilo.Select(a => a.Count)));
        var all = perSilo.SelectMany(a => a).ToList();
        Assert.Equal(10_000, all.Count);
        Assert.Equal(10_000, all.Distinct().Count());
        Assert.Equal(keys.Order(StringComparer.Ordinal), all.Select(g => g.Key).Order(StringComparer.Ordinal));
        var even = 10_000 / 3;
        Assert.All(perSilo, activations => Assert.InRange(activations.Count, (int)(0.8 * even), (int)(1.2 * even)));
        Failover.CounterAudit.AssertEachGrainActiveOnceOnItsOwner(cluster);
    }
}
