using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Messaging;

/// <summary>
/// One connection per remote silo, opened on first use and replaced when it breaks. Connections to silos that leave
/// the view are closed, which settles their pending calls at once instead of at their timeouts.
/// </summary>
internal sealed class ConnectionManager : BackgroundService
{
    /// <summary>How long calls pending on a silo that left the view may still be answered before they fail.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<SiloAddress, SiloConnection> _connections = new();
    private readonly IServiceProvider _services;
    private readonly ClusterMembership _membership;
    private ConnectionContextInfo? _context;

    public ConnectionManager(IServiceProvider services, ClusterMembership membership)
    {
        _services = services;
        _membership = membership;
        membership.ViewChanged += OnViewChanged;
    }

    private ConnectionContextInfo Context => _context ??= new ConnectionContextInfo(
        _services.GetRequiredService<IOptions<MessagingOptions>>().Value,
        _services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
        $"{Environment.MachineName}/{Environment.ProcessId}",
        _services.GetRequiredService<IGrainCallRouter>(),
        _membership,
        _services.GetRequiredService<ILogger<SiloConnection>>());

    public void Send(SiloAddress silo, IGrainCall call)
    {
        if (_membership.CurrentView.Find(silo) is { Status: SiloStatus.Dead })
        {
            // Routed on an older view: a connection opened now would outlive the view change that closes the others,
            // and hold the leaving silo's graceful stop. The router picks a live owner from the current view.
            Context.Router.Reroute(call);
            return;
        }

        while (true)
        {
            var connection = GetOrOpen(silo);
            if (!connection.IsClosed)
            {
                connection.Send(call, Context.Router);
                return;
            }

            _connections.TryRemove(KeyValuePair.Create(silo, connection));
        }
    }

    /// <summary>Closes every connection, settling their pending calls: used when this process is killed in tests.</summary>
    public void CloseAll()
    {
        foreach (var connection in _connections.Values)
        {
            connection.Close();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        CloseAll();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var connection in _connections.Values)
                {
                    connection.SweepCompleted();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private SiloConnection GetOrOpen(SiloAddress silo)
    {
        if (_connections.TryGetValue(silo, out var connection))
        {
            return connection;
        }

        // Not GetOrAdd: it may run its factory on several racing callers and keep one result, and each loser would be
        // a started connection nobody tracks, closes or sweeps, holding the silo's graceful stop until its timeout.
        lock (_connections)
        {
            return _connections.TryGetValue(silo, out connection) ? connection : _connections[silo] = Open(silo);
        }
    }

    private SiloConnection Open(SiloAddress silo)
    {
        var connection = new SiloConnection(silo, Context);
        _ = Task.Run(connection.RunAsync);
        return connection;
    }

    private void OnViewChanged(MembershipView view)
    {
        foreach (var (silo, connection) in _connections)
        {
            if (view.Find(silo) is { Status: SiloStatus.Dead } && _connections.TryRemove(KeyValuePair.Create(silo, connection)))
            {
                connection.Drain(new SiloUnavailableException($"Silo {silo} left the cluster or was declared dead."), DrainTimeout);
            }
        }
    }
}
