using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Failover;

[Collection(RedisCollection.Name)]
public sealed class SiloKillTests(RedisFixture redis, ITestOutputHelper output)
{
    private static readonly TimeSpan FailoverBudget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FailureWindowAfterKill = TimeSpan.FromSeconds(1.5);

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task KillSilo_UnderLoad_SurvivorsServeItsGrainsWithinFiveSecondsAndNoAcknowledgedIncrementIsLost()
    {
        // Arrange: 3 silos, 100 callers over 300 grains, every grain active.
        await using var cluster = await ClusterSetup.StartAsync(ClusterSetup.CreateOptions(redis, output: output), output);
        var load = CounterLoad.Start(cluster.Client, ClusterSetup.UniqueKeys("kill", 300), callers: 100);
        await load.WaitUntilEveryGrainAcknowledgedAsync();
        await load.WaitForMoreSuccessesAsync(1000);
        var victim = cluster.Silos[1];
        var victimGrains = victim.Catalog.GetActivations().Select(g => g.Key).ToHashSet();
        Assert.NotEmpty(victimGrains);

        // Act: kill it, then call each of its grains; a call made after the kill can only be served by a survivor.
        var killStarted = load.Now;
        await cluster.KillSiloAsync(victim).DefaultTimeout();
        var killEnded = load.Now;
        var served = await Task.WhenAll(victimGrains.Select(async key =>
        {
            await cluster.Client.GetGrain<ICounterGrain>(key).GetAsync();
            return load.Now;
        })).DefaultTimeout();
        await load.WaitForMoreSuccessesAsync(3000);
        await load.StopAsync();

        // Assert: failover time.
        var firstServed = served.Min() - killStarted;
        var allServed = served.Max() - killStarted;
        var firstIncrements = victimGrains
            .Select(key => load.Acknowledged(key).Where(c => c.Started >= killEnded).Select(c => c.Ended).DefaultIfEmpty(TimeSpan.MaxValue).Min())
            .ToList();
        output.WriteLine($"Kill took {(killEnded - killStarted).TotalMilliseconds:F0} ms. {victimGrains.Count} grains of the killed silo: first served again after "
            + $"{firstServed.TotalMilliseconds:F0} ms, all after {allServed.TotalMilliseconds:F0} ms (reads); first acknowledged increment after "
            + $"{(firstIncrements.Min() - killStarted).TotalMilliseconds:F0} ms, on all after {(firstIncrements.Max() - killStarted).TotalMilliseconds:F0} ms.");
        Assert.True(allServed < FailoverBudget, $"The killed silo's grains were served again only after {allServed}.");
        Assert.True(firstIncrements.Max() - killStarted < FailoverBudget, $"An increment of a killed silo's grain was acknowledged only after {firstIncrements.Max() - killStarted}.");

        // Assert: the only failures are increments in flight on the killed silo when it died.
        output.WriteLine($"{load.Failures.Count} calls failed, between {Ms(load.Failures.Select(f => f.Ended).DefaultIfEmpty().Min() - killStarted)} and "
            + $"{Ms(load.Failures.Select(f => f.Ended).DefaultIfEmpty().Max() - killStarted)} ms after the kill started; for example:");
        foreach (var failure in load.Failures.Take(3))
        {
            output.WriteLine("  " + failure);
        }

        Assert.All(load.Failures, failure =>
        {
            Assert.IsType<SiloUnavailableException>(failure.Exception);
            Assert.Contains(failure.Key, victimGrains);
            Assert.InRange(failure.Ended, killStarted, killEnded + FailureWindowAfterKill);
        });

        // Assert: nothing acknowledged was lost, nothing ran twice, and each grain lives on one survivor.
        await CounterAudit.AssertNoAcknowledgedIncrementLostAsync(load, cluster.Client, redis, exact: false, output);
        await cluster.WaitForStableViewAsync().DefaultTimeout();
        CounterAudit.AssertEachGrainActiveOnceOnItsOwner(cluster);
    }
}
