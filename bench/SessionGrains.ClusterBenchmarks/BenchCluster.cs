using SessionGrains.Grains.Hosting;
using SessionGrains.Runtime;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Testing;
using SessionGrains.TestGrains;
using SessionGrains.TestKit;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// A real <c>redis-server</c> of its own and a <see cref="TestCluster"/> on it: silos in this process, talking over
/// loopback TCP, with membership and grain storage in Redis, and a client that hosts no silo.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private BenchCluster(RedisServer redis, TestCluster cluster)
    {
        Redis = redis;
        Cluster = cluster;
    }

    public RedisServer Redis { get; }

    public TestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Starts Redis and <paramref name="silos"/> silos with the counter grain and the session and user grains.</summary>
    public static async Task<BenchCluster> StartAsync(int silos)
    {
        var redis = await RedisServer.StartAsync();
        try
        {
            var options = new TestClusterOptions
            {
                InitialSilosCount = silos,
                RedisConnectionString = redis.ConnectionString,
                ConfigureSilo = runtime => runtime.AddGrain<CounterGrain>().AddSessionGrains(),
            };

            // Other engineers' test runs share this machine: a stall of a few seconds must not be taken for a dead
            // silo in the middle of a measurement (the default declares death after 3 s).
            options.Configuration["SessionGrains:Cluster:DeathTimeout"] = "00:01:00";
            var cluster = await TestCluster.StartAsync(options);
            return new BenchCluster(redis, cluster);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }
}
