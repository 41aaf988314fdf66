using SessionGrains.Runtime.Activations;

namespace SessionGrains.Runtime.Invocation;

/// <summary>A call in flight: routed to its target, run as a turn there, completed once with a result or an exception.</summary>
internal interface IGrainCall : IWorkItem
{
    GrainId Target { get; }

    GrainMethod Method { get; }

    object?[] Arguments { get; }

    CancellationToken CancellationToken { get; }

    bool IsCompleted { get; }

    /// <summary>Starts the response timeout: a call still pending after <paramref name="timeout"/> fails.</summary>
    void StartTimeout(TimeProvider timeProvider, TimeSpan timeout);

    void Complete(object? result);

    void Fail(Exception exception);
}
