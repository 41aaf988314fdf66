using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Membership;
using SessionGrains.Runtime.Messaging;
using SessionGrains.Runtime.Redis;
using SessionGrains.Runtime.Threading;

namespace SessionGrains.Runtime.Hosting;

/// <summary>
/// A silo's life in the cluster. Start: listen, join as Active. Running: heartbeat, declare stale silos dead, and on
/// each view change hand over the grains it no longer owns before acknowledging the view. Graceful stop: go
/// ShuttingDown, deactivate every grain (state written), then leave. Declared dead: stop serving at once and fence
/// storage, never writing again.
/// </summary>
internal sealed partial class SiloLifecycle : IHostedService, IAsyncDisposable
{
    /// <summary>The process's exit code once its silo was declared dead.</summary>
    public const int DeclaredDeadExitCode = 3;

    private readonly SiloListener _listener;
    private readonly ClusterMembership _membership;
    private readonly GrainCatalog _catalog;
    private readonly ConnectionManager _connections;
    private readonly LocalSilo _localSilo;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ClusterOptions _options;
    private readonly ILogger<SiloLifecycle> _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly CoalescingSignal _viewChanged = new();
    private Task? _heartbeats;
    private Task? _handovers;
    private volatile bool _paused;

    public SiloLifecycle(
        SiloListener listener,
        ClusterMembership membership,
        GrainCatalog catalog,
        ConnectionManager connections,
        LocalSilo localSilo,
        IHostApplicationLifetime lifetime,
        IOptions<ClusterOptions> options,
        ILogger<SiloLifecycle> logger)
    {
        _listener = listener;
        _membership = membership;
        _catalog = catalog;
        _connections = connections;
        _localSilo = localSilo;
        _lifetime = lifetime;
        _options = options.Value;
        _logger = logger;
        membership.ViewChanged += _ => Signal();
    }

    /// <summary>Simulates a frozen process (a long GC pause, SIGSTOP): no heartbeats and no view updates until resumed.</summary>
    public bool IsPaused
    {
        get => _paused;
        set
        {
            _paused = value;
            _membership.IsPaused = value;
            if (!value)
            {
                _membership.RequestRefresh();
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _listener.StartAsync(cancellationToken);
        var view = await JoinAsync(cancellationToken);
        Log.Joined(_logger, _localSilo.Address, view.Version);
        _heartbeats = Task.Run(() => HeartbeatLoopAsync(_stopping.Token), CancellationToken.None);
        _handovers = Task.Run(() => HandoverLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Joins as Active, retrying while the table is unreachable for up to <see cref="ClusterOptions.JoinTimeout"/>.</summary>
    private async Task<MembershipView> JoinAsync(CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + _options.JoinTimeout;
        while (true)
        {
            try
            {
                await _membership.Table.UpsertAsync(new MembershipEntry(_localSilo.Address, SiloStatus.Active, 0), cancellationToken);
                var view = await _membership.RefreshAsync(cancellationToken);
                await _membership.Table.UpsertAsync(new MembershipEntry(_localSilo.Address, SiloStatus.Active, view.Version), cancellationToken);
                return view;
            }
            catch (RedisUnavailableException exception) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                Log.JoinFailed(_logger, exception, _localSilo.Address);
                await Task.Delay(_options.HeartbeatPeriod, cancellationToken);
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_localSilo.IsDead || !_localSilo.IsStarted)
        {
            await StopLoopsAsync();
            return;
        }

        var silo = _localSilo.Address;
        Log.Leaving(_logger, silo);

        // Announcing the departure is a courtesy: without it the others declare this silo dead after their death
        // timeout. Redis being gone must not stop the rest of a graceful shutdown.
        var announced = await TryAnnounceAsync(SiloStatus.ShuttingDown, _membership.CurrentView.Version, cancellationToken);
        if (announced)
        {
            await _membership.RefreshAsync(cancellationToken);
        }

        await _catalog.DeactivateAllAsync(cancellationToken);
        await StopLoopsAsync();
        announced &= await TryAnnounceAsync(SiloStatus.Dead, long.MaxValue, cancellationToken);

        // Peers close their connections once they see this silo dead; unannounced, they would not, so do not wait.
        await _listener.StopAsync(abort: !announced, cancellationToken);
        if (announced)
        {
            Log.Left(_logger, silo);
        }
    }

    /// <summary>Ends the silo as a crash would: no goodbye, no deactivation, no more writes. For tests.</summary>
    public async Task KillAsync()
    {
        _localSilo.IsDead = true;
        _catalog.Abandon("the silo was killed.");
        await StopLoopsAsync();
        await _listener.StopAsync(abort: true, CancellationToken.None);
        _connections.CloseAll();
    }

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync();
        _stopping.Dispose();
    }

    private async Task StopLoopsAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        await Task.WhenAll(_heartbeats ?? Task.CompletedTask, _handovers ?? Task.CompletedTask);
    }

    private async Task HeartbeatLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatPeriod);
        do
        {
            if (_paused)
            {
                continue;
            }

            try
            {
                switch (await _membership.Table.HeartbeatAsync(_localSilo.Address, cancellationToken))
                {
                    case HeartbeatResult.Dead:
                        await OnDeclaredDeadAsync();
                        return;
                    case HeartbeatResult.Missing:
                        // The table lost its data (a Redis restart without persistence): join again, with the version
                        // this silo has applied, so the table's version restarts above every view already seen.
                        await _membership.Table.UpsertAsync(new MembershipEntry(_localSilo.Address, SiloStatus.Active, _membership.CurrentView.Version), cancellationToken);
                        break;
                }

                await _membership.Table.DeclareStaleSilosDeadAsync(_options.DeathTimeout, cancellationToken);
                await _membership.Table.PublishStatisticsAsync(_localSilo.Address, _catalog.GetStatistics(), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping: a cancelled loop must not fault, or StopAsync throws before the silo leaves the view.
                return;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                Log.HeartbeatFailed(_logger, exception, _localSilo.Address);
            }
        }
        while (await WaitForTickAsync(timer, cancellationToken));
    }

    private static async Task<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task HandoverLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await _viewChanged.WaitAsync(cancellationToken);
                var view = _membership.CurrentView;
                if (view.Find(_localSilo.Address) is { Status: SiloStatus.Dead })
                {
                    await OnDeclaredDeadAsync();
                    return;
                }

                if (view.Find(_localSilo.Address) is not { Status: SiloStatus.Active } self || self.AppliedViewVersion >= view.Version)
                {
                    continue;
                }

                await _catalog.DeactivateMovedAsync();
                await _membership.Table.UpsertAsync(self with { AppliedViewVersion = view.Version }, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Try again on the next change or refresh; meanwhile others wait up to their hand-over timeout.
                Log.HandoverFailed(_logger, exception, _localSilo.Address);
                Signal();
                await Task.Delay(_options.HeartbeatPeriod, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task OnDeclaredDeadAsync()
    {
        if (_localSilo.IsDead)
        {
            return;
        }

        Log.DeclaredDead(_logger, _localSilo.Address);
        _localSilo.IsDead = true;

        // The process ends as a failure, so a restart-on-failure policy brings a fresh silo back.
        Environment.ExitCode = DeclaredDeadExitCode;
        _catalog.Abandon("this silo was declared dead.");
        await _listener.StopAsync(abort: true, CancellationToken.None);
        _connections.CloseAll();
        _lifetime.StopApplication();
    }

    private void Signal() => _viewChanged.Set();

    private async Task<bool> TryAnnounceAsync(SiloStatus status, long appliedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await _membership.Table.UpsertAsync(new MembershipEntry(_localSilo.Address, status, appliedVersion), cancellationToken);
            return true;
        }
        catch (RedisUnavailableException exception)
        {
            Log.LeaveNotAnnounced(_logger, exception, _localSilo.Address, status);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Information, "Silo {Silo} joined the cluster at view v{Version}.", EventName = "SiloJoined")]
        public static partial void Joined(ILogger logger, SiloAddress silo, long version);

        [LoggerMessage(5102, LogLevel.Information, "Silo {Silo} is leaving: handing over its grains.", EventName = "SiloLeaving")]
        public static partial void Leaving(ILogger logger, SiloAddress silo);

        [LoggerMessage(5103, LogLevel.Information, "Silo {Silo} left the cluster.", EventName = "SiloLeft")]
        public static partial void Left(ILogger logger, SiloAddress silo);

        [LoggerMessage(5104, LogLevel.Critical, "Silo {Silo} was declared dead: it stops serving and writes nothing more.", EventName = "SiloDeclaredDead")]
        public static partial void DeclaredDead(ILogger logger, SiloAddress silo);

        [LoggerMessage(5105, LogLevel.Warning, "Heartbeat of silo {Silo} failed.", EventName = "SiloHeartbeatFailed")]
        public static partial void HeartbeatFailed(ILogger logger, Exception exception, SiloAddress silo);

        [LoggerMessage(5107, LogLevel.Warning, "Silo {Silo} could not join the cluster yet; retrying.", EventName = "SiloJoinFailed")]
        public static partial void JoinFailed(ILogger logger, Exception exception, SiloAddress silo);

        [LoggerMessage(5108, LogLevel.Warning, "Silo {Silo} could not record itself as {Status} while leaving; the others declare it dead after their death timeout.", EventName = "SiloLeaveNotAnnounced")]
        public static partial void LeaveNotAnnounced(ILogger logger, Exception exception, SiloAddress silo, SiloStatus status);

        [LoggerMessage(5106, LogLevel.Error, "Hand-over of silo {Silo} failed; other silos wait for it up to their hand-over timeout.", EventName = "SiloHandoverFailed")]
        public static partial void HandoverFailed(ILogger logger, Exception exception, SiloAddress silo);
    }
}
