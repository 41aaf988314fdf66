using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Hosting;
using SessionGrains.Grains.Tests.Events;
using Xunit.Abstractions;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// Builds the clusters of this suite: three silos with the session and user grains, every silo logging into one
/// <see cref="LogCapture"/> and reporting session events to one <see cref="RecordingSessionEvents"/>.
/// </summary>
internal sealed class GrainsCluster : IAsyncDisposable
{
    private GrainsCluster(TestCluster cluster, LogCapture logs, RecordingSessionEvents events)
    {
        Cluster = cluster;
        Logs = logs;
        Events = events;
    }

    public TestCluster Cluster { get; }

    public LogCapture Logs { get; }

    public RecordingSessionEvents Events { get; }

    /// <summary>The client (a front end's connection), then every silo's own grain factory.</summary>
    public IReadOnlyList<IGrainFactory> EveryEntryPoint => [Cluster.Client, .. Cluster.Silos.Select(s => s.GrainFactory)];

    /// <summary>Options for a cluster on <paramref name="redis"/>, or in memory when it is null.</summary>
    public static TestClusterOptions CreateOptions(RedisFixture? redis, FakeTimeProvider? clock = null) => new()
    {
        RedisConnectionString = redis?.ConnectionString,
        TimeProvider = clock,
    };

    /// <summary>Starts a cluster from <paramref name="options"/>, adding the grains, the log capture and the event recorder.</summary>
    public static async Task<GrainsCluster> StartAsync(TestClusterOptions options, ITestOutputHelper? output)
    {
        var logs = new LogCapture(output);
        var events = new RecordingSessionEvents();
        var configureSilo = options.ConfigureSilo;
        var configureServices = options.ConfigureSiloServices;
        options.ConfigureSilo = runtime =>
        {
            runtime.AddSessionGrains();
            configureSilo?.Invoke(runtime);
        };
        options.ConfigureSiloServices = services =>
        {
            services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            services.AddSingleton<ISessionEvents>(events);
            configureServices?.Invoke(services);
        };
        var cluster = await TestCluster.StartAsync(options).DefaultTimeout();
        return new GrainsCluster(cluster, logs, events);
    }

    /// <summary>The running silos on which the session <paramref name="session"/> is active.</summary>
    public IReadOnlyList<TestSilo> SilosHosting(TestSession session) =>
        [.. Cluster.Silos.Where(s => s.Catalog.IsActive(new GrainId("session", session.GrainKey)))];

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync().DefaultTimeout();
}
