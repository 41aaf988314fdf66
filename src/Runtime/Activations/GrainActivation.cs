using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Diagnostics;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Timers;

namespace SessionGrains.Runtime.Activations;

/// <summary>
/// One activation of one grain: a FIFO, non-reentrant mailbox. Turns (calls and timer ticks) run one at a time in
/// arrival order; a turn ends when its task completes, awaits included. The loop runs on the thread pool only while
/// there is work.
/// </summary>
internal sealed class GrainActivation : IGrainContext, IThreadPoolWorkItem
{
    private static readonly AsyncLocal<GrainActivation?> s_current = new();

    // A turn run inline must not see its caller's ambient state (async locals, the current span), just as a turn run
    // from the pool does not: it runs in the default context, which only a thread with no context can capture.
    private static readonly ExecutionContext s_defaultContext = CaptureDefaultContext();

    private readonly object _lock = new();
    private readonly Queue<IWorkItem> _queue = new();
    private readonly GrainCatalog _catalog;
    private readonly Task? _predecessor;
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IGrainTimerHandle> _timers = [];
    private ActivationState _state;
    private bool _running;
    private DeactivationReason? _deactivationRequest;
    private object? _grain;
    private AsyncServiceScope? _scope;
    private bool _activated;
    private DateTimeOffset _lastUsed;
    private DateTimeOffset _keepAliveUntil;

    public GrainActivation(GrainCatalog catalog, GrainId grainId, Task? predecessor)
    {
        _catalog = catalog;
        GrainId = grainId;
        _predecessor = predecessor;
        CollectionAge = catalog.CollectionOptions.GetCollectionAge(grainId.Type);
    }

    public GrainId GrainId { get; }

    public IGrainFactory GrainFactory => _catalog.GrainFactory;

    public TimeProvider TimeProvider => _catalog.TimeProvider;

    public TimeSpan CollectionAge { get; }

    /// <summary>The activation whose turn is running on this flow, or null outside every turn.</summary>
    public static GrainActivation? Current => s_current.Value;

    /// <summary>The grain's entry in the scopes of every log written during its turns.</summary>
    public LogScope LogScope => field ??= new LogScope("GrainId", GrainId.ToString(), "Grain");

    public object GrainInstance => _grain ?? throw new InvalidOperationException($"{GrainId} has no grain instance outside a turn.");

    /// <summary>Completes when the activation has ended and its state is no longer touched.</summary>
    public Task Deactivated => _deactivated.Task;

    public ActivationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>
    /// Queues a turn. False when the activation is ending: the caller must route the item again. With
    /// <paramref name="mayRunInline"/>, a turn that finds the activation idle runs on the caller's thread until its
    /// first await, which saves the hand-off to the pool; it is still the only turn running, and the first in line.
    /// </summary>
    public bool TryEnqueue(IWorkItem item, bool mayRunInline = false)
    {
        bool inline;
        lock (_lock)
        {
            if (_state >= ActivationState.Deactivating)
            {
                return false;
            }

            _queue.Enqueue(item);
            if (_running)
            {
                return true;
            }

            _running = true;
            inline = mayRunInline && _state == ActivationState.Valid;
        }

        // Never inside another turn: a chain of grains calling each other would grow the caller's stack.
        if (inline && s_current.Value is null)
        {
            ExecutionContext.Run(s_defaultContext, static activation => _ = ((GrainActivation)activation!).RunAsync(inline: true), this);
            return true;
        }

        // A caller on the pool (another grain's turn, a handler whose grain is busy) is about to await this call: on its
        // thread's local queue the turn usually runs on that thread as soon as the caller yields, cache-warm. Idle workers can
        // still steal it; from a thread outside the pool it goes to the global queue. See docs/benchmarks.md.
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
        return true;
    }

    public void Deactivate(DeactivationReason reason)
    {
        lock (_lock)
        {
            if (_state >= ActivationState.Deactivating || _deactivationRequest is not null)
            {
                return;
            }

            _deactivationRequest = reason;
            if (_running)
            {
                return;
            }

            _running = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void DelayDeactivation(TimeSpan timeSpan) => _keepAliveUntil = TimeProvider.GetUtcNow() + timeSpan;

    /// <summary>Whether the activation has had no turn for its collection age and may be collected.</summary>
    public bool IsIdle(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _state == ActivationState.Valid && !_running && _queue.Count == 0 && _deactivationRequest is null
                && now - _lastUsed >= CollectionAge && now >= _keepAliveUntil;
        }
    }

    public IGrainTimer RegisterTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer<TState>(this, callback, state, options, _catalog.TimerLogger);
        lock (_lock)
        {
            if (_state >= ActivationState.Deactivating)
            {
                throw new InvalidOperationException($"{GrainId} is deactivating; timers cannot be registered any more.");
            }

            _timers.Add(timer);
        }

        timer.Start();
        return timer;
    }

    public void RemoveTimer(IGrainTimerHandle timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync(inline: false);

    private static ExecutionContext CaptureDefaultContext()
    {
        // A new thread started without flowing this one's context has none of its own.
        ExecutionContext? captured = null;
        var thread = new Thread(() => captured = ExecutionContext.Capture());
        thread.UnsafeStart();
        thread.Join();
        return captured!;
    }

    /// <summary>
    /// Runs the queued turns. Inline, it runs only the first on the caller's thread, which is lent for one turn; the
    /// rest go to the pool.
    /// </summary>
    private async Task RunAsync(bool inline)
    {
        s_current.Value = this;
        try
        {
            if (_state == ActivationState.Created && !await ActivateAsync())
            {
                return;
            }

            while (true)
            {
                IWorkItem? item;
                List<IWorkItem>? leftovers = null;
                DeactivationReason reason = default;
                lock (_lock)
                {
                    if (_deactivationRequest is { } request)
                    {
                        reason = request;
                        _state = ActivationState.Deactivating;
                        leftovers = [.. _queue];
                        _queue.Clear();
                        item = null;
                    }
                    else if (!_queue.TryDequeue(out item))
                    {
                        _running = false;
                        return;
                    }
                }

                if (item is null)
                {
                    await DeactivateAsync(reason, leftovers!);
                    return;
                }

                if (item.KeepsAlive)
                {
                    _lastUsed = TimeProvider.GetUtcNow();
                }

                var started = Stopwatch.GetTimestamp();
                using (var activity = item is IGrainCall call ? StartActivity(call) : null)
                {
                    await item.ExecuteAsync(this);
                }

                if (item.KeepsAlive)
                {
                    _lastUsed = TimeProvider.GetUtcNow();
                }

                if (item.IsCall)
                {
                    _catalog.Metrics.CallCompleted(GrainId.Type, Stopwatch.GetElapsedTime(started));
                }

                if (inline)
                {
                    lock (_lock)
                    {
                        if (_queue.Count == 0 && _deactivationRequest is null)
                        {
                            _running = false;
                            return;
                        }
                    }

                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            // Work items complete themselves, so this is a runtime bug; losing the loop would hang every caller.
            ActivationLog.ActivationLoopFailed(_catalog.Logger, exception, GrainId);
            await EndAsync(new DeactivationReason(DeactivationReasonCode.ApplicationError, "The activation's loop failed."), exception);
        }
    }

    private Activity? StartActivity(IGrainCall call)
    {
        if (!RuntimeActivitySource.Instance.HasListeners())
        {
            return null;
        }

        var activity = RuntimeActivitySource.Instance.StartActivity(call.Method.Method.Name, ActivityKind.Server);
        activity?.SetTag(RuntimeActivitySource.GrainIdTag, GrainId.ToString());
        return activity;
    }

    private async Task<bool> ActivateAsync()
    {
        _state = ActivationState.Activating;
        try
        {
            if (_predecessor is not null)
            {
                await _predecessor;
            }

            await _catalog.Placement.WaitForHandoverAsync(CancellationToken.None);

            var scope = _catalog.Services.CreateAsyncScope();
            _scope = scope;
            _grain = _catalog.Activator.CreateInstance(this, scope.ServiceProvider, out var states);
            foreach (var state in states)
            {
                await state.ReadStateAsync();
            }

            if (_grain is Grain grain)
            {
                await grain.OnActivateAsync(CancellationToken.None);
            }

            _lastUsed = TimeProvider.GetUtcNow();
            lock (_lock)
            {
                _state = ActivationState.Valid;
            }

            _activated = true;

            _catalog.Metrics.ActivationCreated(GrainId.Type);
            ActivationLog.GrainActivated(_catalog.Logger, GrainId);
            return true;
        }
        catch (Exception exception)
        {
            ActivationLog.ActivationFailed(_catalog.Logger, exception, GrainId);
            await EndAsync(new DeactivationReason(DeactivationReasonCode.ApplicationError, "Activation failed."), exception);
            return false;
        }
    }

    private async Task DeactivateAsync(DeactivationReason reason, List<IWorkItem> leftovers)
    {
        _catalog.Detach(this, leftovers.Where(i => i.IsCall).ToList());
        StopTimers();
        if (_grain is Grain grain)
        {
            using var cts = new CancellationTokenSource(_catalog.CollectionOptions.DeactivationTimeout, TimeProvider);
            try
            {
                await grain.OnDeactivateAsync(reason, cts.Token);
            }
            catch (Exception exception)
            {
                ActivationLog.DeactivationFailed(_catalog.Logger, exception, GrainId, reason.ReasonCode);
            }
        }

        await FinishAsync();
        _catalog.Metrics.ActivationDeactivated(GrainId.Type, reason.ReasonCode);
        ActivationLog.GrainDeactivated(_catalog.Logger, GrainId, reason.ReasonCode, reason.Description);
    }

    /// <summary>
    /// Drops the activation at once, without <see cref="Grain.OnDeactivateAsync"/>: its silo was declared dead. Queued
    /// calls go back to the router; a turn still running finds storage fenced.
    /// </summary>
    public void Abandon()
    {
        List<IWorkItem> queued;
        lock (_lock)
        {
            if (_state >= ActivationState.Deactivating)
            {
                return;
            }

            _state = ActivationState.Deactivated;
            queued = [.. _queue];
            _queue.Clear();
        }

        _catalog.Detach(this, queued.Where(i => i.IsCall).ToList());
        StopTimers();
        _deactivated.TrySetResult();
        if (_activated)
        {
            _catalog.Metrics.ActivationDeactivated(GrainId.Type, DeactivationReasonCode.ApplicationError);
        }
    }

    /// <summary>Ends an activation that failed: everything queued fails with <paramref name="exception"/>.</summary>
    private async Task EndAsync(DeactivationReason reason, Exception exception)
    {
        List<IWorkItem> rejected;
        lock (_lock)
        {
            _state = ActivationState.Deactivating;
            rejected = [.. _queue];
            _queue.Clear();
        }

        _catalog.Detach(this, []);
        StopTimers();
        await FinishAsync();
        foreach (var item in rejected)
        {
            item.Reject(exception);
        }

        if (_activated)
        {
            _catalog.Metrics.ActivationDeactivated(GrainId.Type, reason.ReasonCode);
        }
    }

    private async Task FinishAsync()
    {
        lock (_lock)
        {
            _state = ActivationState.Deactivated;
            _running = false;
        }

        if (_scope is { } scope)
        {
            await scope.DisposeAsync();
        }

        _deactivated.TrySetResult();
    }

    private void StopTimers()
    {
        IGrainTimerHandle[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
