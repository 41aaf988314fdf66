using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Threading;

namespace SessionGrains.Runtime.Membership;

/// <summary>
/// This process's view of the cluster, in silos and clients alike: refreshed at once when the table pushes a change,
/// and every <see cref="ClusterOptions.RefreshPeriod"/> as the backstop.
/// </summary>
internal sealed partial class ClusterMembership(
    IMembershipTable table,
    IOptions<ClusterOptions> options,
    ILogger<ClusterMembership> logger) : BackgroundService
{
    private readonly CoalescingSignal _refreshRequested = new();
    private readonly object _lock = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile MembershipView _view = MembershipView.Empty;
    private long _abandonedSettleVersion = -1;

    public MembershipView CurrentView => _view;

    public IMembershipTable Table => table;

    /// <summary>While set, the view is not refreshed: part of simulating a frozen silo in tests.</summary>
    public bool IsPaused { get; set; }

    /// <summary>Raised, on the refresh loop, after the view changed. Handlers must not block.</summary>
    public event Action<MembershipView>? ViewChanged;

    /// <summary>Asks for a refresh now, for example after a silo answered with a newer view.</summary>
    public void RequestRefresh() => _refreshRequested.Set();

    /// <summary>Completes when the view next changes, or after <paramref name="maxWait"/>.</summary>
    public Task WaitForChangeAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task changed;
        lock (_lock)
        {
            changed = _changed.Task;
        }

        return Task.WhenAny(changed, Task.Delay(maxWait, cancellationToken));
    }

    /// <summary>Waits until every live silo has handed over for the current view, for at most <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitUntilSettledAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + timeout;
        while (!_view.IsSettled)
        {
            // One timeout per view: once a silo failed to hand over for it, later activations do not wait again.
            if (_view.Version <= Interlocked.Read(ref _abandonedSettleVersion))
            {
                return false;
            }

            var remaining = deadline - TimeProvider.System.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                Interlocked.Exchange(ref _abandonedSettleVersion, _view.Version);
                Log.HandoverTimedOut(logger, timeout, _view.ToString());
                return false;
            }

            RequestRefresh();
            await WaitForChangeAsync(remaining < TimeSpan.FromMilliseconds(200) ? remaining : TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        return true;
    }

    /// <summary>Reads the table and publishes the view if it differs from the current one.</summary>
    public async Task<MembershipView> RefreshAsync(CancellationToken cancellationToken)
    {
        if (IsPaused)
        {
            return _view;
        }

        var view = await table.ReadViewAsync(cancellationToken);
        TaskCompletionSource? changed = null;
        lock (_lock)
        {
            var current = _view;
            if (view.Version < current.Version || (view.Version == current.Version && view.Entries.SequenceEqual(current.Entries)))
            {
                return current;
            }

            _view = view;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Log.ViewChanged(logger, view.Version, view.ToString());
        ViewChanged?.Invoke(view);
        changed.TrySetResult();
        return view;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await table.SubscribeAsync(RequestRefresh, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.SubscribeFailed(logger, exception);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
                await _refreshRequested.WaitAsync(options.Value.RefreshPeriod, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.RefreshFailed(logger, exception);
                await Task.Delay(options.Value.RefreshPeriod / 4, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Information, "Membership view v{Version}: {View}", EventName = "MembershipViewChanged")]
        public static partial void ViewChanged(ILogger logger, long version, string view);

        [LoggerMessage(5002, LogLevel.Warning, "Reading membership failed; retrying.", EventName = "MembershipRefreshFailed")]
        public static partial void RefreshFailed(ILogger logger, Exception exception);

        [LoggerMessage(5003, LogLevel.Warning, "Subscribing to membership changes failed; the view is refreshed by polling only.", EventName = "MembershipSubscribeFailed")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(5004, LogLevel.Warning, "Silos did not finish handing over within {Timeout}; activating anyway, storage ETags guard the state. View {View}", EventName = "HandoverTimedOut")]
        public static partial void HandoverTimedOut(ILogger logger, TimeSpan timeout, string view);
    }
}
