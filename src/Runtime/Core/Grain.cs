using SessionGrains.Runtime.Activations;

namespace SessionGrains.Runtime;

/// <summary>
/// The base class of grain implementations. The runtime creates instances on first call, runs one turn at a time on
/// each, and discards them when they are deactivated.
/// </summary>
public abstract class Grain
{
    private readonly IGrainContext _context;

    /// <summary>Binds the grain to the activation being created.</summary>
    /// <exception cref="InvalidOperationException">The grain is constructed outside the runtime.</exception>
    protected Grain()
    {
        _context = GrainConstructionScope.Current
            ?? throw new InvalidOperationException(
                $"{GetType().Name} was constructed directly. Grains are created by the runtime: use IGrainFactory.GetGrain<T>(key).");
    }

    /// <summary>The grain's identity.</summary>
    public GrainId GrainId => _context.GrainId;

    /// <summary>Returns the grain's string key.</summary>
    public string GetPrimaryKeyString() => _context.GrainId.Key;

    /// <summary>A factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => _context.GrainFactory;

    /// <summary>The runtime's clock. Grain code uses it for every reading of the time.</summary>
    protected TimeProvider TimeProvider => _context.TimeProvider;

    /// <summary>Runs after the grain's persistent state was read and before its first call.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once when the activation ends, after its last turn; its timers are already stopped.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current turn ends. Later calls create a new activation.</summary>
    protected void DeactivateOnIdle() =>
        _context.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/> from now.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeSpan"/> is negative.</exception>
    protected void DelayDeactivation(TimeSpan timeSpan)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeSpan, TimeSpan.Zero);
        _context.DelayDeactivation(timeSpan);
    }

    /// <summary>
    /// Registers a timer whose ticks are turns of this activation: they never overlap each other or a call, the next
    /// tick is scheduled when the previous one ends, an exception is logged and the timer goes on, and all timers stop
    /// at deactivation.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="callback"/> is null.</exception>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, TimeSpan, TimeSpan)"/>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _context.RegisterTimer(static (cb, ct) => cb(ct), callback, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, TimeSpan, TimeSpan)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, state, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, TimeSpan, TimeSpan)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _context.RegisterTimer(callback, state, options);
    }
}
