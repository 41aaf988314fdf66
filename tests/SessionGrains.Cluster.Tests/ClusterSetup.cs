using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SessionGrains.Cluster.Tests;

/// <summary>Builds the Redis-backed clusters of this suite: counter grains, a fresh cluster id, real loopback TCP.</summary>
internal static class ClusterSetup
{
    /// <summary>Options for <paramref name="silos"/> silos with membership and storage in <paramref name="redis"/>.</summary>
    public static TestClusterOptions CreateOptions(RedisFixture redis, int silos = 3, ITestOutputHelper? output = null)
    {
        var options = new TestClusterOptions
        {
            InitialSilosCount = silos,
            RedisConnectionString = redis.ConnectionString,
            ConfigureSilo = runtime => runtime.AddGrain<CounterGrain>(),
        };
        if (output is not null)
        {
            options.ConfigureSiloServices = services => services.AddLogging(logging => logging.AddProvider(new LogCapture(output, captureFrom: LogLevel.Warning)));
        }

        return options;
    }

    /// <summary>Starts a cluster built from <paramref name="options"/>, bounded, and says how long that took.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions options, ITestOutputHelper? output = null)
    {
        var started = Stopwatch.GetTimestamp();
        var cluster = await TestCluster.StartAsync(options).DefaultTimeout();
        output?.WriteLine($"Cluster {options.ClusterId} of {options.InitialSilosCount} silos started in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms.");
        return cluster;
    }

    /// <summary>Grain keys no other test uses: the tests share one Redis, and grain storage keys are not per cluster.</summary>
    public static string[] UniqueKeys(string prefix, int count)
    {
        var run = Guid.NewGuid().ToString("n")[..8];
        return [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{run}-{i}")];
    }
}
