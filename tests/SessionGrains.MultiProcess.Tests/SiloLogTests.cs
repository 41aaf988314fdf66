namespace SessionGrains.MultiProcess.Tests;

/// <summary>A real silo process's console log: every line written during a turn names the silo and the grain.</summary>
public sealed class SiloLogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task LineWrittenDuringATurn_NamesTheSiloAndTheGrain()
    {
        // Arrange: activations are logged at Debug, inside the activation's first turn
        await using var cluster = await MultiProcessCluster.StartAsync(
            silos: 1,
            siloSettings: new Dictionary<string, string> { ["Logging__LogLevel__SessionGrains.Runtime.Activations"] = "Debug" });
        var silo = cluster.Silos[0];
        try
        {
            // Act
            await cluster.Client.GetGrain<ICounterGrain>("logged").IncrementAsync().DefaultTimeout();

            // Assert
            await Eventually.WaitUntilAsync(() => ActivationLine(silo) is not null, "the silo logged the activation");
            var line = ActivationLine(silo)!;
            output.WriteLine(line);
            Assert.Contains($"=> Silo 127.0.0.1:{silo.Port}@", line, StringComparison.Ordinal);
            Assert.Contains("=> Grain counter/logged", line, StringComparison.Ordinal);

            // Assert: a line written outside every turn names the silo only
            var joined = silo.Tail.Split('\n').First(l => l.Contains("joined the cluster", StringComparison.Ordinal));
            Assert.Contains($"=> Silo 127.0.0.1:{silo.Port}@", joined, StringComparison.Ordinal);
            Assert.DoesNotContain("=> Grain", joined, StringComparison.Ordinal);
        }
        catch
        {
            cluster.WriteProcessOutput(output);
            throw;
        }
    }

    private static string? ActivationLine(SiloProcess silo) =>
        silo.Tail.Split('\n').FirstOrDefault(l => l.Contains("Activated counter/logged.", StringComparison.Ordinal));
}
