using System.Globalization;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>A real silo process's console log: what it says it hosts, and what it says when it cannot start.</summary>
public sealed class SiloLogTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Silo_Started_LogsItsProcessAndTheGrainAssembliesItHosts()
    {
        await using var cluster = await MultiProcessCluster.StartAsync(silos: 1);
        var silo = cluster.Silos[0];
        try
        {
            // Act: started and Active in membership (StartAsync waited for it)
            var line = silo.Tail.Split('\n').FirstOrDefault(l => l.Contains("Silo host starting", StringComparison.Ordinal));

            // Assert
            Assert.NotNull(line);
            output.WriteLine(line);
            Assert.Contains($"process {silo.ProcessId.ToString(CultureInfo.InvariantCulture)}", line, StringComparison.Ordinal);
            Assert.Contains("SessionGrains.Grains", line, StringComparison.Ordinal);
        }
        catch
        {
            await cluster.WriteProcessOutputAsync(output);
            throw;
        }
    }

    [Fact]
    public async Task Silo_WithoutRedis_ExitsWithCodeTwoNamingTheKeyToSet()
    {
        var logs = Directory.CreateTempSubdirectory("sessiongrains-silo-noredis-");
        try
        {
            // Arrange: no SessionGrains__Redis at all
            await using var silo = SiloProcess.Start("silo", new Dictionary<string, string> { ["DOTNET_NOLOGO"] = "1" }, logs.FullName);

            // Act
            var exited = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));

            // Assert
            Assert.True(exited, "The silo without Redis still runs.");
            output.WriteLine(silo.Tail);
            Assert.Equal(2, silo.ExitCode);
            Assert.Contains("SessionGrains:Redis is not set", silo.Tail, StringComparison.Ordinal);
            Assert.Contains("SessionGrains__Redis", silo.Tail, StringComparison.Ordinal);
        }
        finally
        {
            logs.Delete(recursive: true);
        }
    }
}
