using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real deployment in miniature: its own redis-server, silo processes, optionally web front-end processes in client
/// mode, and a cluster client in this process that finds the silos through Redis, as a front end does. Disposing kills
/// whatever still runs.
/// </summary>
public sealed class MultiProcessCluster : IAsyncDisposable
{
    private static readonly string CounterGrainType = typeof(ICounterGrain).GetCustomAttribute<GrainTypeAttribute>()!.Name;
    private static readonly TimeSpan FrontEndHealthTimeout = TimeSpan.FromSeconds(45);
    private readonly List<SiloProcess> _silos = [];
    private readonly List<FrontEndProcess> _frontEnds = [];
    private readonly LogCapture _clientLog = new();
    private readonly string _clusterId = "mp-" + Guid.NewGuid().ToString("n")[..12];
    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("sessiongrains-multiprocess-");
    private RedisServer? _redis;
    private IHost? _client;

    private MultiProcessCluster()
    {
    }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The front ends, each healthy (<c>/healthz</c> 200) when <see cref="StartAsync"/> returned.</summary>
    public IReadOnlyList<FrontEndProcess> FrontEnds => _frontEnds;

    /// <summary>The cluster's Redis, for assertions on what it holds.</summary>
    public RedisServer Redis => _redis!;

    public IClusterClient Client => _client!.Services.GetRequiredService<IClusterClient>();

    public IClusterMembershipDiagnostics Membership => _client!.Services.GetRequiredService<IClusterMembershipDiagnostics>();

    /// <summary>
    /// Starts Redis, <paramref name="silos"/> silos and the client, waits until every silo is active, then starts
    /// <paramref name="frontEnds"/> front ends at once (as a deployment would) and waits until each is healthy.
    /// <paramref name="siloSettings"/> adds environment variables to the silos'.
    /// </summary>
    public static async Task<MultiProcessCluster> StartAsync(int silos, int frontEnds = 0, IReadOnlyDictionary<string, string>? siloSettings = null)
    {
        var cluster = new MultiProcessCluster();
        try
        {
            cluster._redis = await RedisServer.StartAsync();
            var environment = new Dictionary<string, string>
            {
                ["SessionGrains__Redis"] = cluster._redis.ConnectionString,
                ["SessionGrains__Cluster__ClusterId"] = cluster._clusterId,
            };
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(SiloProcess.Start("silo" + i, siloSettings is null ? environment : new(environment.Concat(siloSettings)), cluster._logs.FullName));
            }

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SessionGrains:Redis"] = cluster._redis.ConnectionString,
                ["SessionGrains:Cluster:ClusterId"] = cluster._clusterId,
            });
            builder.Logging.AddProvider(cluster._clientLog).SetMinimumLevel(LogLevel.Debug);
            builder.Services.AddRedisClusterClient();
            cluster._client = builder.Build();
            await cluster._client.StartAsync().DefaultTimeout();
            await cluster.WaitForActiveSilosAsync(cluster._silos, TimeSpan.FromSeconds(30));
            for (var i = 0; i < frontEnds; i++)
            {
                cluster._frontEnds.Add(FrontEndProcess.Start("frontend" + i, environment, cluster._logs.FullName));
            }

            await Task.WhenAll(cluster._frontEnds.Select(f => f.WaitUntilHealthyAsync(FrontEndHealthTimeout)));
            return cluster;
        }
        catch (Exception exception)
        {
            var description = cluster.Describe();
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"The cluster did not start: {exception.Message}\n{description}", exception);
        }
    }

    /// <summary>
    /// Waits until the client's view has exactly <paramref name="expected"/> as active silos and every live silo has
    /// handed over for it. Fails at once if an expected silo process has exited.
    /// </summary>
    public async Task WaitForActiveSilosAsync(IReadOnlyCollection<SiloProcess> expected, TimeSpan timeout)
    {
        var ports = expected.Select(s => s.Port).Order().ToList();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (expected.FirstOrDefault(s => s.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited with code {exited.ExitCode} before joining the cluster.");
            }

            var view = Membership.CurrentView;
            if (view.IsSettled && view.ActiveSilos.Select(a => a.Port).Order().SequenceEqual(ports))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"The client's view did not reach silos on ports {string.Join(", ", ports)} within {timeout}: {view}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The process of the silo that owns <paramref name="grainKey"/>'s counter grain in the client's view.</summary>
    public SiloProcess GetOwner(string grainKey)
    {
        var owner = Membership.GetOwner(new GrainId(CounterGrainType, grainKey)) ?? throw new InvalidOperationException("No silo is active.");
        return _silos.Single(s => s.Port == owner.Port);
    }

    /// <summary>Writes each process's last lines and the client's log to the test's output, for a failure's diagnosis.</summary>
    public void WriteProcessOutput(ITestOutputHelper output) => output.WriteLine(Describe());

    private string Describe()
    {
        var text = new StringBuilder();
        foreach (var silo in _silos)
        {
            text.AppendLine($"===== {silo.Name} (port {silo.Port}, pid {silo.ProcessId}{(silo.HasExited ? $", exit code {silo.ExitCode}" : "")}) =====");
            text.AppendLine(silo.Tail);
        }

        foreach (var frontEnd in _frontEnds)
        {
            text.AppendLine($"===== {frontEnd.Name} ({frontEnd.BaseAddress}, pid {frontEnd.ProcessId}{(frontEnd.HasExited ? $", exit code {frontEnd.ExitCode}" : "")}) =====");
            text.AppendLine(frontEnd.Tail);
        }

        if (_client is not null)
        {
            text.AppendLine($"===== client (view {Membership.CurrentView}) =====");
            text.AppendLine(_clientLog.Text);
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var frontEnd in _frontEnds)
        {
            await frontEnd.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (_client is not null)
        {
            await _client.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _client.Dispose();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _logs.Delete(recursive: true);
    }
}
