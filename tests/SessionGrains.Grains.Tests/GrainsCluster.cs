using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using SessionGrains.Grains.Events;
using SessionGrains.Grains.Hosting;
using SessionGrains.Grains.Tests.Events;

namespace SessionGrains.Grains.Tests;

/// <summary>
/// An Orleans in-process test cluster hosting the session and user grains, with the real storage providers: each silo
/// calls <c>AddSessionGrains()</c> and <c>AddSessionGrainsRedisStorage()</c> on its own multiplexer
/// (<c>AddSessionGrainsRedis</c>), or <c>AddSessionGrainsMemoryStorage()</c>. Every silo logs into one
/// <see cref="LogCapture"/>, reports session events to one <see cref="RecordingSessionEvents"/> and reads the grains'
/// and the reminders' time from one <see cref="FakeTimeProvider"/>. The client has the retry filter, as a front end does.
/// </summary>
internal sealed class GrainsCluster : IAsyncDisposable
{
    private GrainsCluster(InProcessTestCluster cluster, GrainsClusterOptions options, LogCapture logs, RecordingSessionEvents events)
    {
        Cluster = cluster;
        Options = options;
        Logs = logs;
        Events = events;
    }

    public InProcessTestCluster Cluster { get; }

    public GrainsClusterOptions Options { get; }

    public LogCapture Logs { get; }

    public RecordingSessionEvents Events { get; }

    public FakeTimeProvider Clock => Options.Clock;

    /// <summary>The fresh service id of this cluster: the first part of its Redis keys.</summary>
    public string ServiceId => Cluster.Options.ServiceId;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The client (a front end's connection), then every running silo's own grain factory.</summary>
    public IReadOnlyList<IGrainFactory> EveryEntryPoint =>
        [Cluster.Client, .. Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<IGrainFactory>())];

    /// <summary>The serializer the storage providers use, to read records straight from Redis.</summary>
    public IGrainStorageSerializer StorageSerializer => Cluster.Silos[0].ServiceProvider.GetRequiredService<OrleansGrainStorageSerializer>();

    public static async Task<GrainsCluster> StartAsync(GrainsClusterOptions options, Xunit.Abstractions.ITestOutputHelper? output = null)
    {
        var logs = new LogCapture(output);
        var events = new RecordingSessionEvents();
        var builder = new InProcessTestClusterBuilder(options.Silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((_, host) =>
        {
            var configuration = new Dictionary<string, string?>(options.Configuration, StringComparer.Ordinal);
            if (options.RedisConnectionString is { } redis)
            {
                configuration[SessionGrainsClusterOptions.RedisKey] = redis;
            }

            host.Configuration.AddInMemoryCollection(configuration);
            host.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs);
            host.Services.AddSingleton<ISessionEvents>(events);
            host.Services.AddKeyedSingleton<TimeProvider>(TimeProviderNames.Grains, options.Clock);
            host.Services.AddKeyedSingleton<TimeProvider>(Orleans.Reminders.ReminderTimeProviderNames.Reminders, options.Clock);
            if (options.RedisConnectionString is not null)
            {
                host.Services.AddSessionGrainsRedis(host.Configuration);
            }
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSessionGrains();
            if (options.RedisConnectionString is null)
            {
                silo.AddSessionGrainsMemoryStorage();
            }
            else
            {
                silo.AddSessionGrainsRedisStorage();
            }

            options.ConfigureSilo?.Invoke(silo);
        });
        builder.ConfigureClientHost(host => host.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        builder.ConfigureClient(client =>
        {
            client.AddSessionGrainsRetry();
            options.ConfigureClient?.Invoke(client);
        });

        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new GrainsCluster(cluster, options, logs, events);
    }

    public static GrainId SessionId(TestSession session) => GrainId.Create("session", session.GrainKey);

    /// <summary>The silo on which the grain <paramref name="grainId"/> is active, or null.</summary>
    public InProcessSiloHandle? SiloHosting(GrainId grainId) =>
        Cluster.TryGetGrainContext(grainId, out var context)
            ? Cluster.Silos.FirstOrDefault(s => s.SiloAddress.Equals(context.Address.SiloAddress))
            : null;

    /// <summary>The running silos on which the session <paramref name="session"/> is active.</summary>
    public IReadOnlyList<InProcessSiloHandle> SilosHosting(TestSession session) =>
        SiloHosting(SessionId(session)) is { } silo ? [silo] : [];

    /// <summary>Direct access to the records of this cluster in <paramref name="database"/>.</summary>
    public StoredRecords Records(StackExchange.Redis.IDatabase database) => new(database, ServiceId, StorageSerializer);

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(2));
}
