using System.Diagnostics;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>How fast Orleans' membership, with the project's tuned timings, declares a crashed silo dead in Redis.</summary>
public sealed class MembershipTests(ITestOutputHelper output)
{
    /// <summary>
    /// Far above the ~1–3 s measured (docs/fault-run.md), so a loaded machine does not fail it; Orleans' own defaults
    /// take 10 s and more, which this still tells apart from a detection that does not work at all.
    /// </summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Silo_KilledOneOfThree_IsDeclaredDeadInRedisMembershipWithinTheBound()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 3);
        var victim = cluster.Silos[1];
        try
        {
            // Act
            victim.Kill();
            var killed = Stopwatch.StartNew();
            await Eventually.WaitUntilAsync(async () => (await cluster.ReadViewAsync()).IsDead(victim.Port), $"{victim.Name} was declared dead", TimeSpan.FromSeconds(120));
            var dead = killed.Elapsed;

            // Assert
            Assert.True(dead <= Bound, $"{victim.Name} was declared dead {dead.TotalSeconds:F2} s after SIGKILL.");
            var view = await cluster.ReadViewAsync();
            Assert.Equal(cluster.Silos.Where(s => s != victim).Select(s => s.Port).Order(), view.ActivePorts.Order());
            output.WriteLine($"{victim.Name} (pid {victim.ProcessId}) was Dead in {ClusterViewKey(cluster)} {dead.TotalSeconds:F2} s after SIGKILL; view {view}.");
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    private static string ClusterViewKey(MultiProcessCluster cluster) => Farm.ClusterView.Key(MultiProcessCluster.ServiceId, cluster.ClusterId).ToString();
}
