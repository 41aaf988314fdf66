using SessionGrains.Cluster.Tests.Failover;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Placement;

[Collection(RedisCollection.Name)]
public sealed class SiloJoinTests(RedisFixture redis, ITestOutputHelper output)
{
    [Fact]
    public async Task StartAdditionalSilo_UnderLightLoad_GrainsRebalanceOntoItWithExactCounts()
    {
        // Arrange
        await using var cluster = await ClusterSetup.StartAsync(ClusterSetup.CreateOptions(redis, silos: 2, output: output), output);
        var load = CounterLoad.Start(cluster.Client, ClusterSetup.UniqueKeys("join", 300), callers: 10);
        await load.WaitUntilEveryGrainAcknowledgedAsync();

        // Act
        var joined = await cluster.StartAdditionalSiloAsync().DefaultTimeout();
        await cluster.WaitForStableViewAsync().DefaultTimeout();
        await load.WaitForMoreSuccessesAsync(1000);
        await load.StopAsync();

        // Assert
        output.WriteLine($"Activations per silo: {string.Join(", ", cluster.Silos.Select(s => $"{s.Address} {s.Catalog.ActivationCount}"))}.");
        Assert.True(load.Failures.Count == 0, string.Join(Environment.NewLine, load.Failures.Take(10)));
        Assert.Equal(3, cluster.ClientView.ActiveSilos.Length);
        var ownedByJoined = load.Keys.Count(k => Runtime.Placement.RendezvousPlacement.GetOwner(new GrainId("counter", k), cluster.ClientView.ActiveSilos) == joined.Address);
        Assert.True(ownedByJoined > 0, "The new silo owns no grains.");
        Assert.Equal(ownedByJoined, joined.Catalog.ActivationCount);
        CounterAudit.AssertEachGrainActiveOnceOnItsOwner(cluster);
        await CounterAudit.AssertNoAcknowledgedIncrementLostAsync(load, cluster.Client, redis, exact: true, output);
    }
}
