using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Activations;

namespace SessionGrains.Runtime.Timers;

/// <summary>
/// A grain timer. When it fires it queues one tick on its activation; the tick runs as a turn, and only when it has
/// finished is the next one scheduled, so ticks never overlap and a slow tick delays the next instead of piling up.
/// </summary>
internal sealed partial class GrainTimer<TState> : IGrainTimerHandle, IWorkItem
{
    private readonly object _lock = new();
    private readonly GrainActivation _activation;
    private readonly Func<TState, CancellationToken, Task> _callback;
    private readonly TState _state;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _queued;
    private bool _inTick;
    private bool _changedDuringTick;

    public GrainTimer(GrainActivation activation, Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options, ILogger logger)
    {
        ValidatePeriod(options.DueTime, nameof(options.DueTime));
        ValidatePeriod(options.Period, nameof(options.Period));
        _activation = activation;
        _callback = callback;
        _state = state;
        _logger = logger;
        _dueTime = options.DueTime;
        _period = options.Period;
        KeepsAlive = options.KeepAlive;
        // A tick only queues a turn, which runs in the activation's own context; capturing the registering turn's
        // context would keep it alive with the timer, for every activation that has one.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = activation.TimeProvider.CreateTimer(static s => ((GrainTimer<TState>)s!).OnFired(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public bool KeepsAlive { get; }

    public bool IsCall => false;

    public void Start()
    {
        lock (_lock)
        {
            _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ValidatePeriod(dueTime, nameof(dueTime));
        ValidatePeriod(period, nameof(period));
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        lock (_lock)
        {
            _period = period;
            _changedDuringTick = _inTick;
            _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    public async Task ExecuteAsync(GrainActivation activation)
    {
        lock (_lock)
        {
            _queued = false;
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _inTick = true;
            _changedDuringTick = false;
        }

        try
        {
            await _callback(_state, _disposed.Token);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
            // Disposed during the tick: deactivation is under way.
        }
        catch (Exception exception)
        {
            // Also when the callback disposed its own timer first: a work item never throws (IWorkItem), and an
            // exception let out here would drop the whole activation.
            Log.TickFailed(_logger, exception, activation.GrainId);
        }
        finally
        {
            lock (_lock)
            {
                _inTick = false;
                if (!_disposed.IsCancellationRequested && !_changedDuringTick && _period != Timeout.InfiniteTimeSpan)
                {
                    _timer.Change(_period, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    public void Reject(Exception exception)
    {
        // A tick that cannot run is dropped; the timer belongs to an activation that is ending.
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            _timer.Dispose();
        }

        _activation.RemoveTimer(this);
    }

    private void OnFired()
    {
        lock (_lock)
        {
            if (_queued || _disposed.IsCancellationRequested)
            {
                return;
            }

            _queued = true;
        }

        if (!_activation.TryEnqueue(this))
        {
            Dispose();
        }
    }

    private static void ValidatePeriod(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "A timer's due time and period must be positive, zero, or Timeout.InfiniteTimeSpan.");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3001, LogLevel.Error, "A timer tick of {GrainId} failed; the timer goes on.", EventName = "GrainTimerTickFailed")]
        public static partial void TickFailed(ILogger logger, Exception exception, GrainId grainId);
    }
}
