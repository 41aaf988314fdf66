using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SessionGrains.Runtime.Hosting;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Persistence;
using SessionGrains.Runtime.Persistence.Memory;

namespace SessionGrains.Runtime.Testing;

/// <summary>
/// N silos in one process, talking over loopback TCP, with membership and storage in Redis or in shared memory, and a
/// client that hosts no silo. Silos can be added, stopped gracefully, or killed abruptly.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly InMemoryMembershipTable? _memoryTable;
    private readonly Dictionary<string, MemoryGrainStorage> _memoryStorage = [];
    private readonly List<TestSilo> _silos = [];
    private IHost? _clientHost;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
        if (options.RedisConnectionString is null)
        {
            _memoryTable = new InMemoryMembershipTable();
            foreach (var name in options.StorageNames)
            {
                _memoryStorage[name] = new MemoryGrainStorage(options.TimeProvider ?? TimeProvider.System);
            }
        }
    }

    /// <summary>The silos that are running (neither stopped nor killed).</summary>
    public IReadOnlyList<TestSilo> Silos
    {
        get
        {
            lock (_silos)
            {
                return [.. _silos];
            }
        }
    }

    /// <summary>A client in its own host, like a front end: it hosts no grains and reaches every silo over TCP.</summary>
    public IClusterClient Client => (_clientHost ?? throw new InvalidOperationException("The cluster has not started.")).Services.GetRequiredService<IClusterClient>();

    /// <summary>The client's current view.</summary>
    public MembershipView ClientView => _clientHost!.Services.GetRequiredService<ClusterMembership>().CurrentView;

    /// <summary>Starts <see cref="TestClusterOptions.InitialSilosCount"/> silos and the client, and waits for a stable view.</summary>
    public static async Task<TestCluster> StartAsync(TestClusterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cluster = new TestCluster(options);
        try
        {
            for (var i = 0; i < options.InitialSilosCount; i++)
            {
                await cluster.StartAdditionalSiloAsync(cancellationToken);
            }

            cluster._clientHost = cluster.BuildClientHost();
            await cluster._clientHost.StartAsync(cancellationToken);
            await cluster.WaitForStableViewAsync(cancellationToken: cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts one more silo; it joins the view, and grains it now owns move to it.</summary>
    public async Task<TestSilo> StartAdditionalSiloAsync(CancellationToken cancellationToken = default)
    {
        var host = BuildSiloHost();
        await host.StartAsync(cancellationToken);
        var silo = new TestSilo(host);
        lock (_silos)
        {
            _silos.Add(silo);
        }

        return silo;
    }

    /// <summary>Stops <paramref name="silo"/> gracefully: it leaves the view, deactivates its grains and writes their state.</summary>
    public async Task StopSiloAsync(TestSilo silo, CancellationToken cancellationToken = default)
    {
        Remove(silo);
        await silo.Host.StopAsync(cancellationToken);
        silo.Host.Dispose();
    }

    /// <summary>Kills <paramref name="silo"/>: connections drop, nothing is deactivated or written, no goodbye.</summary>
    public async Task KillSiloAsync(TestSilo silo)
    {
        Remove(silo);
        await silo.Services.GetRequiredService<SiloLifecycle>().KillAsync();
        await silo.Host.StopAsync(new CancellationToken(canceled: true)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        silo.Host.Dispose();
    }

    /// <summary>
    /// Waits until every running silo and the client see the same view, whose active silos are exactly the running
    /// silos, and whose hand-overs are done.
    /// </summary>
    /// <exception cref="TimeoutException">No such view within <paramref name="timeout"/> (default 30 seconds).</exception>
    public async Task WaitForStableViewAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var silos = Silos;
            var views = silos.Select(s => s.View).Append(ClientView).ToList();
            var expected = silos.Select(s => s.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToList();
            var view = views[0];
            if (views.All(v => v.Version == view.Version && v.IsSettled) && view.ActiveSilos.SequenceEqual(expected))
            {
                return;
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The cluster's view did not settle. Views: {string.Join(" | ", views)}");
            }

            foreach (var host in silos.Select(s => s.Host).Append(_clientHost!))
            {
                host.Services.GetRequiredService<ClusterMembership>().RequestRefresh();
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Stops the client and every running silo gracefully.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_clientHost is not null)
        {
            await _clientHost.StopAsync();
            _clientHost.Dispose();
        }

        foreach (var silo in Silos)
        {
            await StopSiloAsync(silo);
        }
    }

    private void Remove(TestSilo silo)
    {
        lock (_silos)
        {
            _silos.Remove(silo);
        }
    }

    private IHost BuildSiloHost()
    {
        var builder = CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SiloOptions.SectionName + ":Port"] = "0",
            [SiloOptions.SectionName + ":ListenAddress"] = "127.0.0.1",
            [SiloOptions.SectionName + ":AdvertisedHost"] = "127.0.0.1",
        });
        if (_options.TimeProvider is not null)
        {
            builder.Services.AddSingleton(_options.TimeProvider);
        }

        builder.Services.AddGrainRuntime(runtime =>
        {
            if (_memoryTable is not null)
            {
                runtime.UseInMemoryClustering(_memoryTable);
                foreach (var (name, storage) in _memoryStorage)
                {
                    runtime.Services.AddKeyedSingleton<IGrainStorage>(name, storage);
                }
            }
            else
            {
                runtime.UseRedisClustering();
                foreach (var name in _options.StorageNames)
                {
                    runtime.AddRedisGrainStorage(name);
                }
            }

            _options.ConfigureSilo?.Invoke(runtime);
        });
        _options.ConfigureSiloServices?.Invoke(builder.Services);
        return builder.Build();
    }

    private IHost BuildClientHost()
    {
        var builder = CreateBuilder();
        if (_memoryTable is not null)
        {
            builder.Services.AddInMemoryClusterClient(_memoryTable);
        }
        else
        {
            builder.Services.AddRedisClusterClient();
        }

        return builder.Build();
    }

    private HostApplicationBuilder CreateBuilder()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(_options.Configuration);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ClusterOptions.SectionName + ":ClusterId"] = _options.ClusterId,
            ["SessionGrains:Redis"] = _options.RedisConnectionString,
        });
        return builder;
    }
}
