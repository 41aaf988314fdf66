using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests.Failover;

/// <summary>Checks, after a <see cref="CounterLoad"/> has stopped, that what the grains acknowledged is what they stored.</summary>
internal static class CounterAudit
{
    /// <summary>
    /// For every grain: acknowledged values are distinct; the count read through the grain equals the count in Redis,
    /// is at least the number of acknowledged increments, and equals the largest acknowledged value; increments that
    /// ran without an acknowledgement are no more than the grain's failed calls (nothing ran twice). With
    /// <paramref name="exact"/>, the count is exactly the number of acknowledged increments.
    /// </summary>
    public static async Task AssertNoAcknowledgedIncrementLostAsync(CounterLoad load, IGrainFactory client, RedisFixture redis, bool exact, ITestOutputHelper output)
    {
        using var connection = await redis.Server.ConnectAsync().DefaultTimeout();
        var database = connection.GetDatabase();
        var failuresByKey = load.Failures.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Count());
        var problems = new List<string>();
        long acknowledgedTotal = 0, unacknowledgedTotal = 0;
        foreach (var key in load.Keys)
        {
            var acknowledged = load.Acknowledged(key);
            acknowledgedTotal += acknowledged.Count;
            var viaGrain = await client.GetGrain<ICounterGrain>(key).GetAsync().DefaultTimeout();
            var inRedis = await StoredCounter.ReadAsync(database, key) ?? 0;
            var maxAcknowledged = acknowledged.Count == 0 ? 0 : acknowledged.Max(c => c.Value);
            var unacknowledged = inRedis - acknowledged.Count;
            unacknowledgedTotal += unacknowledged;
            var failures = failuresByKey.GetValueOrDefault(key);
            if (acknowledged.Select(c => c.Value).Distinct().Count() != acknowledged.Count)
            {
                problems.Add($"{key}: the same value was acknowledged twice (two writers from one state): {string.Join(",", acknowledged.Select(c => c.Value).Order())}");
            }

            if (viaGrain != inRedis)
            {
                problems.Add($"{key}: the grain says {viaGrain}, Redis holds {inRedis}.");
            }

            if (inRedis < acknowledged.Count || inRedis != maxAcknowledged)
            {
                problems.Add($"{key}: Redis holds {inRedis}; {acknowledged.Count} increments were acknowledged, the largest {maxAcknowledged}.");
            }

            if (unacknowledged > failures)
            {
                problems.Add($"{key}: {unacknowledged} increments ran without acknowledgement but only {failures} calls failed: an increment ran twice.");
            }

            if (exact && inRedis != acknowledged.Count)
            {
                problems.Add($"{key}: Redis holds {inRedis}, expected exactly the {acknowledged.Count} acknowledged increments.");
            }
        }

        output.WriteLine($"Audit: {load.Keys.Count} grains, {acknowledgedTotal} acknowledged increments, {unacknowledgedTotal} stored without acknowledgement, {load.Failures.Count} failed calls.");
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems.Take(20)));
    }

    /// <summary>Asserts that no grain is active on two silos and each active grain is on its owner in the client's view.</summary>
    public static void AssertEachGrainActiveOnceOnItsOwner(TestCluster cluster)
    {
        var activeSilos = cluster.ClientView.ActiveSilos;
        var placements = cluster.Silos
            .SelectMany(silo => silo.Catalog.GetActivations().Select(grain => (Grain: grain, Silo: silo.Address)))
            .ToList();
        var duplicates = placements.GroupBy(p => p.Grain).Where(g => g.Count() > 1).Select(g => $"{g.Key} on {string.Join(" and ", g.Select(p => p.Silo))}").ToList();
        Assert.True(duplicates.Count == 0, "Active on two silos: " + string.Join("; ", duplicates.Take(10)));
        var misplaced = placements
            .Where(p => Runtime.Placement.RendezvousPlacement.GetOwner(p.Grain, activeSilos) != p.Silo)
            .Select(p => $"{p.Grain} on {p.Silo}")
            .ToList();
        Assert.True(misplaced.Count == 0, "Active on a silo that does not own it: " + string.Join("; ", misplaced.Take(10)));
    }
}
