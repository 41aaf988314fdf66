using System.Diagnostics;
using System.Text;
using SessionGrains.Farm;
using StackExchange.Redis;

namespace SessionGrains.MultiProcess.Tests;

/// <summary>
/// A real deployment in miniature: its own redis-server, Orleans silo processes on Redis clustering and storage, and
/// optionally web front-end processes in client mode (pure Orleans clients of the silos). Membership is read from
/// Redis, as Orleans keeps it. Disposing kills whatever still runs.
/// </summary>
public sealed class MultiProcessCluster : IAsyncDisposable
{
    public const string ServiceId = "sessiongrains";

    private static readonly TimeSpan FrontEndHealthTimeout = TimeSpan.FromSeconds(60);
    private readonly List<SiloProcess> _silos = [];
    private readonly List<FrontEndProcess> _frontEnds = [];
    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("sessiongrains-multiprocess-");
    private RedisServer? _redis;
    private ConnectionMultiplexer? _admin;

    private MultiProcessCluster()
    {
    }

    public string ClusterId { get; } = "mp-" + Guid.NewGuid().ToString("n")[..12];

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The front ends, each healthy (<c>/healthz</c> 200) when <see cref="StartAsync"/> returned.</summary>
    public IReadOnlyList<FrontEndProcess> FrontEnds => _frontEnds;

    /// <summary>The cluster's Redis, for assertions on what it holds.</summary>
    public RedisServer Redis => _redis!;

    /// <summary>A connection to the cluster's Redis, owned by the cluster.</summary>
    public IDatabase Database => _admin!.GetDatabase();

    /// <summary>
    /// Starts Redis and <paramref name="silos"/> silos, waits until every silo is Active in membership, then starts
    /// <paramref name="frontEnds"/> front ends at once (as a deployment would) and waits until each is healthy.
    /// <paramref name="siloSettings"/> and <paramref name="frontEndSettings"/> add environment variables.
    /// </summary>
    public static async Task<MultiProcessCluster> StartAsync(
        int silos,
        int frontEnds = 0,
        IReadOnlyDictionary<string, string>? siloSettings = null,
        IReadOnlyDictionary<string, string>? frontEndSettings = null)
    {
        var cluster = new MultiProcessCluster();
        try
        {
            cluster._redis = await RedisServer.StartAsync();
            cluster._admin = await cluster._redis.ConnectAsync();
            var environment = new Dictionary<string, string>
            {
                ["DOTNET_NOLOGO"] = "1",
                ["SessionGrains__Redis"] = cluster._redis.ConnectionString,
                ["SessionGrains__Cluster__ClusterId"] = cluster.ClusterId,
                ["SessionGrains__Cluster__ServiceId"] = ServiceId,
            };
            for (var i = 0; i < silos; i++)
            {
                cluster._silos.Add(SiloProcess.Start("silo" + i, With(environment, siloSettings), cluster._logs.FullName));
            }

            await cluster.WaitForActiveSilosAsync(cluster._silos, TimeSpan.FromSeconds(60));
            for (var i = 0; i < frontEnds; i++)
            {
                cluster._frontEnds.Add(FrontEndProcess.Start("frontend" + i, With(environment, frontEndSettings), cluster._logs.FullName));
            }

            await Task.WhenAll(cluster._frontEnds.Select(f => f.WaitUntilHealthyAsync(FrontEndHealthTimeout)));
            return cluster;
        }
        catch (Exception exception)
        {
            var description = await cluster.DescribeAsync();
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"The cluster did not start: {exception.Message}\n{description}", exception);
        }
    }

    /// <summary>Orleans' membership table, as Redis holds it now.</summary>
    public Task<ClusterView> ReadViewAsync() => ClusterView.ReadAsync(Database, ServiceId, ClusterId);

    /// <summary>
    /// Waits until membership has exactly <paramref name="expected"/> as Active silos. Fails at once if an expected
    /// silo process has exited.
    /// </summary>
    public async Task WaitForActiveSilosAsync(IReadOnlyCollection<SiloProcess> expected, TimeSpan timeout)
    {
        var ports = expected.Select(s => s.Port).Order().ToList();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (expected.FirstOrDefault(s => s.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"{exited.Name} exited with code {exited.ExitCode} while it should be in the cluster.");
            }

            var view = await ReadViewAsync();
            if (view.ActivePorts.Order().SequenceEqual(ports))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"Membership did not reach Active silos on ports {string.Join(", ", ports)} within {timeout}: {view}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Writes each process's last lines and the membership table to the test's output, for a failure's diagnosis.</summary>
    public async Task WriteProcessOutputAsync(ITestOutputHelper output) => output.WriteLine(await DescribeAsync());

    private async Task<string> DescribeAsync()
    {
        var text = new StringBuilder();
        foreach (var silo in _silos)
        {
            text.AppendLine($"===== {silo.Name} (port {silo.Port}, gateway {silo.GatewayPort}, pid {silo.ProcessId}{(silo.HasExited ? $", exit code {silo.ExitCode}" : "")}) =====");
            text.AppendLine(silo.Tail);
        }

        foreach (var frontEnd in _frontEnds)
        {
            text.AppendLine($"===== {frontEnd.Name} ({frontEnd.BaseAddress}, pid {frontEnd.ProcessId}{(frontEnd.HasExited ? $", exit code {frontEnd.ExitCode}" : "")}) =====");
            text.AppendLine(frontEnd.Tail);
        }

        if (_admin is not null)
        {
            try
            {
                text.AppendLine($"===== membership {await ReadViewAsync()} =====");
            }
            catch (RedisException exception)
            {
                text.AppendLine($"===== membership unreadable: {exception.Message} =====");
            }
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

        _admin?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _logs.Delete(recursive: true);
    }

    private static Dictionary<string, string> With(Dictionary<string, string> environment, IReadOnlyDictionary<string, string>? settings) =>
        settings is null ? new(environment) : new(environment.Concat(settings).GroupBy(p => p.Key).Select(g => g.Last()));
}
