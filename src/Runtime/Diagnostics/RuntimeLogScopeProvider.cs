using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Runtime.Diagnostics;

/// <summary>
/// The scopes of every log entry in a process that runs grains: the silo, the grain whose turn is running, the current
/// span's ids, then the scopes the code opened. Turns start on the pool without their caller's context, so a scope
/// opened around the runtime would not reach them; this reads the silo and the grain where they are kept instead.
/// </summary>
/// <remarks>
/// The logger factory takes this in place of its own scope provider, so this one adds the span's ids the factory's
/// <see cref="LoggerFactoryOptions.ActivityTrackingOptions"/> ask for: <c>SpanId</c>, <c>TraceId</c> and
/// <c>ParentId</c> (the hosts' defaults).
/// </remarks>
internal sealed class RuntimeLogScopeProvider(LocalSilo? silo, ActivityTrackingOptions activityTracking) : IExternalScopeProvider
{
    private const ActivityTrackingOptions SpanIds = ActivityTrackingOptions.SpanId | ActivityTrackingOptions.TraceId | ActivityTrackingOptions.ParentId;

    private readonly LoggerExternalScopeProvider _opened = new();
    private readonly ActivityTrackingOptions _activityTracking = activityTracking & SpanIds;
    private LogScope? _siloScope;

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state)
    {
        if (silo is { IsStarted: true })
        {
            callback(_siloScope ??= new LogScope("SiloAddress", silo.Address.ToString(), "Silo"), state);
        }

        if (GrainActivation.Current is { } activation)
        {
            callback(activation.LogScope, state);
        }

        if (_activityTracking != ActivityTrackingOptions.None && Activity.Current is { } activity)
        {
            callback(new SpanLogScope(activity, _activityTracking), state);
        }

        _opened.ForEachScope(callback, state);
    }

    public IDisposable Push(object? state) => _opened.Push(state);
}
