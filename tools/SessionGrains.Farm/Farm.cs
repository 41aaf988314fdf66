using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using SessionGrains.TestKit;
using StackExchange.Redis;

namespace SessionGrains.Farm;

/// <summary>
/// The web farm as real processes on loopback, as <c>scripts/cluster.sh up</c> starts it: <c>redis-server</c> with
/// append-only persistence, Orleans silos (<c>src/Silo</c>, Redis clustering and storage), front ends
/// (<c>src/WebFrontend</c>, <c>SessionGrains:Mode=Client</c>) and nginx in front of them, every port free-picked so that
/// farms never collide. It can kill, stop and restart any of them; a front end is drained from nginx before it stops.
/// Disposing stops whatever still runs; logs and pids stay in <see cref="FarmOptions.Directory"/>.
/// </summary>
public sealed class Farm : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(40);
    private readonly FarmOptions _options;
    private readonly List<ChildProcess> _silos = [];
    private readonly ChildProcess?[] _frontends;
    private readonly int[] _frontendPorts;
    private readonly HashSet<int> _drained = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private RedisServer? _redis;
    private ConnectionMultiplexer? _admin;
    private ChildProcess? _nginx;
    private int _redisProcessId;
    private bool _redisPaused;

    private Farm(FarmOptions options)
    {
        _options = options;
        _frontends = new ChildProcess?[options.Frontends];
        _frontendPorts = [.. Enumerable.Range(0, options.Frontends).Select(_ => RedisServer.GetFreePort())];
        BaseAddress = new Uri($"http://127.0.0.1:{RedisServer.GetFreePort().ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>nginx's address, where the farm serves: <c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    public string Directory => _options.Directory;

    public string ClusterId => _options.ClusterId;

    public string ServiceId => _options.ServiceId;

    /// <summary>The Redis server; stop and start it with <see cref="StopRedisAsync"/> and <see cref="StartRedisAsync"/>.</summary>
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("The farm has not started.");

    /// <summary>Every silo started, in order, including those that were killed or stopped. Their port is the silo port.</summary>
    public IReadOnlyList<ChildProcess> Silos => _silos;

    /// <summary>The front ends by index; an entry is null while that front end is stopped.</summary>
    public IReadOnlyList<ChildProcess?> Frontends => _frontends;

    /// <summary>The address of front end <paramref name="index"/> itself, bypassing nginx.</summary>
    public Uri FrontendAddress(int index) => new($"http://127.0.0.1:{_frontendPorts[index].ToString(CultureInfo.InvariantCulture)}/");

    /// <summary>
    /// Starts the farm and returns once every silo is Active in Redis membership and, when there are front ends,
    /// nginx answers the readiness probe.
    /// </summary>
    /// <exception cref="InvalidOperationException">A process did not start or become ready; the message holds its output.</exception>
    public static async Task<Farm> StartAsync(FarmOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        System.IO.Directory.CreateDirectory(options.Directory);
        var farm = new Farm(options);
        try
        {
            await SystemPackages.RequireAsync("redis-server", "redis-server", cancellationToken);
            var nginx = options.Frontends > 0 ? await SystemPackages.RequireAsync("nginx", "nginx", cancellationToken) : null;
            farm._redis = await RedisServer.StartAsync(appendOnly: true);
            farm._admin = await farm._redis.ConnectAsync();
            farm._redisProcessId = await farm.ReadRedisProcessIdAsync();
            for (var i = 0; i < options.Silos; i++)
            {
                farm._silos.Add(farm.StartSiloProcess());
            }

            await farm.WaitForSilosAsync(cancellationToken);
            if (nginx is null)
            {
                return farm;
            }

            // The first front end creates the shared Data Protection key before the others start, so that no two
            // front ends create a first key each and cannot read each other's cookies until their key rings refresh.
            await farm.StartFrontendAsync(0, cancellationToken);
            await farm.WarmKeyRingAsync(cancellationToken);
            for (var i = 1; i < options.Frontends; i++)
            {
                await farm.StartFrontendAsync(i, cancellationToken);
            }

            await farm.StartNginxAsync(nginx, cancellationToken);
            return farm;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var description = farm.Describe();
            await farm.DisposeAsync();
            throw new InvalidOperationException($"The farm did not start: {exception.Message}\n{description}", exception);
        }
    }

    /// <summary>Reads the cluster's membership table from Redis.</summary>
    public Task<ClusterView> ReadViewAsync() => ClusterView.ReadAsync(_admin!.GetDatabase(), ServiceId, ClusterId);

    /// <summary>Kills <paramref name="silo"/> with SIGKILL, as a crash would.</summary>
    public void KillSilo(ChildProcess silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Kill();
    }

    /// <summary>Starts one more silo and returns once membership has exactly the running silos Active.</summary>
    public async Task<ChildProcess> StartSiloAsync(CancellationToken cancellationToken = default)
    {
        var silo = StartSiloProcess();
        _silos.Add(silo);
        await WaitForSilosAsync(cancellationToken);
        return silo;
    }

    /// <summary>
    /// Stops front end <paramref name="index"/> gracefully, as a load balancer's deregistration does: marks it
    /// <c>down</c> in nginx and reloads nginx, waits until nginx's old workers (which may still hold requests for it)
    /// have finished, then sends SIGTERM; the front end finishes what it still serves and exits.
    /// </summary>
    /// <exception cref="InvalidOperationException">The front end is not running.</exception>
    public async Task<ChildProcess> StopFrontendAsync(int index, CancellationToken cancellationToken = default)
    {
        var frontend = _frontends[index] ?? throw new InvalidOperationException($"Front end {index} is not running.");
        _drained.Add(_frontendPorts[index]);
        await ReloadNginxAsync(cancellationToken);
        _frontends[index] = null;
        frontend.Terminate();
        return frontend;
    }

    /// <summary>
    /// Starts front end <paramref name="index"/> on its port, returns once it answers the readiness probe and nginx
    /// sends it requests again.
    /// </summary>
    public async Task StartFrontendAsync(int index, CancellationToken cancellationToken = default)
    {
        if (_frontends[index] is { HasExited: false })
        {
            throw new InvalidOperationException($"Front end {index} is already running.");
        }

        var port = _frontendPorts[index];
        var dll = BuildOutputs.WebFrontendDll;
        var environment = Environment(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["SessionGrains__Mode"] = "Client",

            // nginx connects from loopback: the only proxy whose forwarded headers the front ends believe.
            ["SessionGrains__ForwardedHeaders__KnownProxies__0"] = "127.0.0.1",
        });
        var name = $"frontend{index + 1}";
        if (_frontends[index] is { } previous)
        {
            await previous.DisposeAsync();
        }

        var frontend = ChildProcess.Start(name, port, DotnetHost.Path, [dll, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"], environment, Directory, Path.GetDirectoryName(dll));
        _frontends[index] = frontend;
        await WaitUntilReadyAsync(new Uri(FrontendAddress(index), _options.ReadinessPath.TrimStart('/')), frontend, cancellationToken);
        if (_drained.Remove(port))
        {
            await ReloadNginxAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Takes Redis away as <paramref name="mode"/> says; for <see cref="RedisStopMode.Terminate"/> and
    /// <see cref="RedisStopMode.Kill"/> it returns once the process is gone.
    /// </summary>
    public async Task StopRedisAsync(RedisStopMode mode, CancellationToken cancellationToken = default)
    {
        switch (mode)
        {
            case RedisStopMode.Pause:
                Signals.Stop(_redisProcessId);
                _redisPaused = true;
                return;
            case RedisStopMode.Terminate:
                Signals.Terminate(_redisProcessId);
                var deadline = Stopwatch.StartNew();
                while (Redis.IsRunning && deadline.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(5, cancellationToken);
                }

                break;
        }

        await Redis.StopAsync();
    }

    /// <summary>
    /// Brings Redis back: a paused one goes on (SIGCONT); a stopped one starts again on the same port and directory.
    /// Returns once it answers, its append-only file loaded.
    /// </summary>
    public async Task StartRedisAsync()
    {
        if (_redisPaused)
        {
            Signals.Continue(_redisProcessId);
            _redisPaused = false;
            await ReadRedisProcessIdAsync();
            return;
        }

        await Redis.StartAsync();
        _redisProcessId = await ReadRedisProcessIdAsync();
    }

    /// <summary>Waits until membership has exactly the running silos Active: new ones joined, killed ones declared dead.</summary>
    public async Task WaitForSilosAsync(CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        var view = new ClusterView(0, []);
        while (deadline.Elapsed < _options.StartTimeout)
        {
            var running = _silos.Where(s => !s.HasExited).Select(s => s.Port).Order().ToList();
            if (running.Count == 0)
            {
                throw new InvalidOperationException("Every silo has exited.");
            }

            try
            {
                view = await ReadViewAsync();
                if (view.ActivePorts.Order().SequenceEqual(running))
                {
                    return;
                }
            }
            catch (RedisException)
            {
                // Redis is restarting; ask again.
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"Membership did not have exactly the running silos Active within {_options.StartTimeout}: {view}");
    }

    /// <summary>Each process with its state and last lines of output, for a failure's report.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Farm folder: {Directory} (cluster {ClusterId}, nginx {BaseAddress})");
        foreach (var process in _silos.Concat(_frontends.OfType<ChildProcess>()).Append(_nginx).OfType<ChildProcess>())
        {
            var state = process.HasExited ? $"exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)}" : "running";
            var tail = process.Tail.Split('\n').TakeLast(40);
            text.AppendLine(CultureInfo.InvariantCulture, $"===== {process.Name} (port {process.Port}, pid {process.ProcessId}, {state}) =====");
            text.AppendLine(string.Join('\n', tail));
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_redisPaused)
        {
            Signals.Continue(_redisProcessId);
        }

        if (_nginx is { HasExited: false } nginx)
        {
            // The master tells its workers to go; a SIGKILLed master would leave them serving.
            nginx.Terminate();
            await nginx.WaitForExitAsync(TimeSpan.FromSeconds(5));
        }

        var processes = _silos.Concat(_frontends.OfType<ChildProcess>()).Append(_nginx).OfType<ChildProcess>();
        await Task.WhenAll(processes.Select(p => p.DisposeAsync().AsTask()));
        _admin?.Dispose();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        _http.Dispose();
    }

    private ChildProcess StartSiloProcess()
    {
        var port = RedisServer.GetFreePort();
        var dll = BuildOutputs.SiloDll;
        var environment = Environment(new()
        {
            ["SessionGrains__Silo__Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["SessionGrains__Silo__GatewayPort"] = RedisServer.GetFreePort().ToString(CultureInfo.InvariantCulture),
            ["SessionGrains__Silo__ListenAddress"] = "127.0.0.1",
            ["SessionGrains__Silo__AdvertisedHost"] = "127.0.0.1",
        });
        return ChildProcess.Start($"silo{_silos.Count + 1}", port, DotnetHost.Path, [dll], environment, Directory, Path.GetDirectoryName(dll));
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> own)
    {
        own["DOTNET_NOLOGO"] = "1";
        own["SessionGrains__Redis"] = Redis.ConnectionString;
        own["SessionGrains__Cluster__ClusterId"] = ClusterId;
        own["SessionGrains__Cluster__ServiceId"] = ServiceId;
        foreach (var (key, value) in _options.Settings)
        {
            own[key] = value;
        }

        return own;
    }

    private string NginxConfigPath => Path.Combine(Directory, "nginx.conf");

    private async Task StartNginxAsync(string nginx, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "nginx-tmp"));
        await File.WriteAllTextAsync(NginxConfigPath, _options.Nginx.Render(Directory, BaseAddress.Port, _frontendPorts, _drained), cancellationToken);
        _nginx = ChildProcess.Start("nginx", BaseAddress.Port, nginx, ["-c", NginxConfigPath, "-p", Directory], new Dictionary<string, string>(), Directory);
        await WaitUntilReadyAsync(new Uri(BaseAddress, _options.ReadinessPath.TrimStart('/')), _nginx, cancellationToken);
    }

    /// <summary>
    /// Writes nginx's configuration for the front ends as they are now and reloads it (SIGHUP); returns once the
    /// workers that ran the previous configuration have exited, so nothing routes by it any more.
    /// </summary>
    private async Task ReloadNginxAsync(CancellationToken cancellationToken)
    {
        if (_nginx is not { HasExited: false } nginx)
        {
            return;
        }

        await File.WriteAllTextAsync(NginxConfigPath, _options.Nginx.Render(Directory, BaseAddress.Port, _frontendPorts, _drained), cancellationToken);
        var oldWorkers = ProcessTree.ChildrenOf(nginx.ProcessId);
        Signals.Hangup(nginx.ProcessId);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var workers = ProcessTree.ChildrenOf(nginx.ProcessId);
            if (workers.Any(w => !oldWorkers.Contains(w)) && !workers.Overlaps(oldWorkers))
            {
                return;
            }

            if (nginx.HasExited || deadline.Elapsed > DrainTimeout)
            {
                throw new TimeoutException($"nginx did not finish reloading within {DrainTimeout} (old workers {string.Join(", ", oldWorkers)}, now {string.Join(", ", workers)}).");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private async Task WarmKeyRingAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(FrontendAddress(0), "api/count"))
        {
            Content = new ByteArrayContent([]),
        };
        using var response = await _http.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"The first POST /api/count on frontend1 answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private async Task WaitUntilReadyAsync(Uri probe, ChildProcess process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < _options.StartTimeout)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited with {process.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was ready.");
            }

            try
            {
                using var response = await _http.GetAsync(probe, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }

                last = $"GET {probe} answered {(int)response.StatusCode}";
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = $"GET {probe} failed: {exception.Message}";
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"{process.Name} was not ready within {_options.StartTimeout} ({last}).");
    }

    private async Task<int> ReadRedisProcessIdAsync()
    {
        // After a restart the admin connection reconnects in the background; ask until it has.
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var server = _admin!.GetServer(_admin.GetEndPoints()[0]);
                var info = await server.InfoAsync("server");
                var processId = info.SelectMany(g => g).First(p => p.Key == "process_id").Value;
                return int.Parse(processId, CultureInfo.InvariantCulture);
            }
            catch (RedisException) when (deadline.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(PollInterval);
            }
        }
    }
}
