using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using SessionGrains.Grains.Hosting;
using SessionGrains.TestKit;

namespace SessionGrains.ClusterBenchmarks;

/// <summary>
/// A real <c>redis-server</c> of its own, silos and a client on it, each an Orleans host of its own in this process,
/// wired as <c>src/Silo</c> and a front end in <c>Mode=Client</c> wire themselves: <c>AddSessionGrainsRedis</c>,
/// <c>UseSessionGrainsCluster</c> (Redis membership), <c>AddSessionGrains</c> and <c>AddSessionGrainsRedisStorage</c>
/// on silos; <c>UseSessionGrainsCluster</c> and <c>AddSessionGrainsRetry</c> on the client. Each host has its own
/// multiplexer, as a process would. Calls between them cross loopback TCP.
/// </summary>
/// <remarks>
/// Not Orleans.TestingHost's <c>InProcessTestCluster</c>: it always replaces the socket transport with an in-memory
/// one and Redis membership with an in-memory table, so its "remote" calls would skip the network the old runtime's
/// figures include.
/// </remarks>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<IHost> _silos;
    private readonly IHost _client;

    private BenchCluster(RedisServer redis, List<IHost> silos, IHost client)
    {
        Redis = redis;
        _silos = silos;
        _client = client;
    }

    /// <summary>The service id of every cluster here: the default, so Redis keys are as long as a deployment's.</summary>
    public static string ServiceId { get; } = new SessionGrainsClusterOptions().ServiceId;

    public RedisServer Redis { get; }

    /// <summary>Each silo's own grain factory: calls from it to a grain it hosts stay in the process.</summary>
    public IReadOnlyList<IGrainFactory> SiloGrainFactories => [.. _silos.Select(s => s.Services.GetRequiredService<IGrainFactory>())];

    /// <summary>The addresses of the silos, in start order.</summary>
    public IReadOnlyList<SiloAddress> SiloAddresses => [.. _silos.Select(s => s.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress)];

    /// <summary>A client that hosts no silo: every call is a request to a gateway and a response back.</summary>
    public IClusterClient Client => _client.Services.GetRequiredService<IClusterClient>();

    public IManagementGrain Management => Client.GetGrain<IManagementGrain>(0);

    /// <summary>
    /// Starts Redis, <paramref name="silos"/> silos one after another, then the client. Without
    /// <paramref name="retryFilter"/>, the silos drop the project's outgoing call filter: what Orleans costs alone.
    /// </summary>
    public static async Task<BenchCluster> StartAsync(int silos, bool retryFilter = true)
    {
        var redis = await RedisServer.StartAsync();
        var started = new List<IHost>();
        try
        {
            var configuration = Configuration(redis);
            for (var i = 0; i < silos; i++)
            {
                var silo = CreateHost(configuration, builder =>
                {
                    builder.Services.AddSessionGrainsRedis(builder.Configuration);
                    builder.UseOrleans(silo =>
                    {
                        silo.UseSessionGrainsCluster(builder.Configuration).AddSessionGrains().AddSessionGrainsRedisStorage();
                        if (!retryFilter)
                        {
                            silo.Services.RemoveAll<IOutgoingGrainCallFilter>();
                        }
                    });
                });
                started.Add(silo);
                await silo.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }

            var client = CreateHost(configuration, builder =>
            {
                builder.Services.AddSessionGrainsRedis(builder.Configuration);
                builder.UseOrleansClient(client => client.UseSessionGrainsCluster(builder.Configuration).AddSessionGrainsRetry());
            });
            started.Add(client);
            await client.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
            started.Remove(client);
            var cluster = new BenchCluster(redis, started, client);
            await cluster.WaitForSilosAsync(silos);
            return cluster;
        }
        catch
        {
            foreach (var host in started)
            {
                await StopAsync(host);
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(_client);
            foreach (var silo in Enumerable.Reverse(_silos))
            {
                await StopAsync(silo);
            }
        }
        finally
        {
            await Redis.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Configuration(RedisServer redis) => new(StringComparer.Ordinal)
    {
        [SessionGrainsClusterOptions.RedisKey] = redis.ConnectionString,
        ["SessionGrains:Silo:Port"] = "0",
        ["SessionGrains:Silo:GatewayPort"] = "0",
        ["SessionGrains:Silo:ListenAddress"] = "127.0.0.1",

        // Other helpers' builds share this machine: a stall of a few seconds must not be taken for a dead silo in the
        // middle of a measurement (the project's 1 s probes declare death within about 3 s).
        ["SessionGrains:Orleans:Membership:ProbeTimeout"] = "00:00:10",
        ["SessionGrains:Orleans:Membership:MaxProbeTimeout"] = "00:00:40",
    };

    private static IHost CreateHost(Dictionary<string, string?> configuration, Action<HostApplicationBuilder> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole(o => o.SingleLine = true);
        configure(builder);
        return builder.Build();
    }

    private static async Task StopAsync(IHost host)
    {
        try
        {
            await host.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            host.Dispose();
        }
    }

    /// <summary>Waits until the client sees every silo active, so the first measurement does not race the joins.</summary>
    private async Task WaitForSilosAsync(int silos)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while ((await Management.GetHosts(onlyActive: true)).Count < silos)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Fewer than {silos} silos became active within a minute.");
            }

            await Task.Delay(100);
        }
    }
}
